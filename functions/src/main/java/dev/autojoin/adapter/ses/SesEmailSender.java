package dev.autojoin.adapter.ses;

import dev.autojoin.app.EmailSender;
import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.MailTags;
import dev.autojoin.domain.OutgoingEmail;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Sends through SES v2 as one message with a plain-text and an HTML part, from the configured sender, with the
 * configuration set (whose event destination publishes bounces and complaints) and the email's tags.
 */
public final class SesEmailSender implements EmailSender {
    private final SesV2Client ses;
    private final String from;
    private final String configurationSet;

    public SesEmailSender(SesV2Client ses, String from) {
        this(ses, from, Optional.empty());
    }

    public SesEmailSender(SesV2Client ses, String from, Optional<String> configurationSet) {
        this.ses = ses;
        this.from = from;
        this.configurationSet = configurationSet.orElse(null);
    }

    @Override
    public void send(OutgoingEmail email) {
        try {
            ses.sendEmail(SendEmailRequest.builder()
                    .fromEmailAddress(from)
                    .configurationSetName(configurationSet)
                    .emailTags(tags(email.tags()))
                    .destination(Destination.builder()
                            .toAddresses(email.to().value())
                            .build())
                    .content(EmailContent.builder()
                            .simple(Message.builder()
                                    .subject(utf8(email.subject()))
                                    .body(Body.builder()
                                            .text(utf8(email.text()))
                                            .html(utf8(email.html()))
                                            .build())
                                    .build())
                            .build())
                    .build());
        } catch (SesV2Exception refused) {
            String code = refused.awsErrorDetails() == null
                    ? "unknown"
                    : refused.awsErrorDetails().errorCode();
            // Over the sending rate or quota, sending paused, or a fault on SES's side: the same email goes later.
            boolean later = refused.isThrottlingException()
                    || refused.statusCode() >= 500
                    || "TooManyRequestsException".equals(code)
                    || "LimitExceededException".equals(code)
                    || "SendingPausedException".equals(code);
            throw new EmailNotSentException("ses_refused:" + code, later, refused);
        } catch (SdkException unavailable) {
            throw new EmailNotSentException("ses_unavailable", true, unavailable);
        }
    }

    private static List<MessageTag> tags(MailTags tags) {
        List<MessageTag> list = new ArrayList<>();
        tags.asMap()
                .forEach((name, value) ->
                        list.add(MessageTag.builder().name(name).value(value).build()));
        return list.isEmpty() ? null : list;
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }
}
