package dev.autojoin.app;

/** Daily allowances: invitation mails per company, and mails any one address receives (from every company). */
public record InvitationLimits(int perCompanyPerDay, int perAddressPerDay) {
    public static final int DEFAULT_PER_COMPANY_PER_DAY = 500;
    public static final int DEFAULT_PER_ADDRESS_PER_DAY = 3;

    public InvitationLimits {
        if (perCompanyPerDay < 1 || perAddressPerDay < 1) {
            throw new IllegalArgumentException("invitation limits are at least 1 a day");
        }
    }
}
