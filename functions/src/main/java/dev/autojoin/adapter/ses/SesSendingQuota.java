package dev.autojoin.adapter.ses;

import java.util.OptionalDouble;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;

/** The account's SES sending rate (GetAccount's {@code SendQuota.MaxSendRate}): the sender never goes above it. */
public final class SesSendingQuota {
    private SesSendingQuota() {}

    /** Empty when SES does not answer GetAccount (moto's sesv2 has no GetAccount) or gives no rate. */
    public static OptionalDouble maxSendRate(SesV2Client ses) {
        try {
            GetAccountResponse account = ses.getAccount(r -> {});
            if (account.sendQuota() == null || account.sendQuota().maxSendRate() == null) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(account.sendQuota().maxSendRate());
        } catch (SdkException unanswered) {
            return OptionalDouble.empty();
        }
    }
}
