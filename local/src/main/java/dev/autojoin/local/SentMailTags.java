package dev.autojoin.local;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * Remembers the message tags and SES message id of the last email to each address, so that a simulated bounce
 * carries them back as SES's would (moto keeps no tags). The SDK loads it for every client in this JVM, the
 * functions' included, as a global interceptor ({@code software/amazon/awssdk/global/handlers/execution.interceptors}).
 */
public final class SentMailTags implements ExecutionInterceptor {
    /** What SES was asked to send to one address, last time. */
    record Sent(String messageId, Map<String, String> tags) {}

    private static final Map<String, Sent> LAST = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendEmailRequest request
                && context.response() instanceof SendEmailResponse response
                && request.destination() != null) {
            Map<String, String> tags = new LinkedHashMap<>();
            request.emailTags().forEach(tag -> tags.put(tag.name(), tag.value()));
            Sent sent = new Sent(response.messageId(), Map.copyOf(tags));
            request.destination().toAddresses().forEach(to -> LAST.put(to.toLowerCase(Locale.ROOT), sent));
        }
    }

    static Sent lastTo(String address) {
        return LAST.getOrDefault(address.toLowerCase(Locale.ROOT), new Sent(null, Map.of()));
    }
}
