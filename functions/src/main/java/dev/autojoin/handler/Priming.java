package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda takes the snapshot, one read-only request runs through the handler, so the
 * snapshot holds loaded classes, JSON mapping, table schemas, SDK marshalling, signing and the HTTP and TLS code, and
 * the first real request after a restore pays for none of it (its connection is new: the JDK drops keep-alive
 * connections idle for more than 5 s). The request is a person at {@code example.com}
 * (reserved by RFC 2606: no one can verify a mailbox there, so no company can hold a claim on it): it reads a key
 * that never exists and so never writes.
 */
final class Priming implements Resource {
    static final String SUB = "snapstart-priming";
    static final String EMAIL = "snapstart-priming@example.com";
    /** An invitation token of the real shape (43 base64url characters) that no invitation has. */
    static final String TOKEN = "A".repeat(43);

    private final RequestStreamHandler handler;
    private final byte[] event;

    private Priming(RequestStreamHandler handler, byte[] event) {
        this.handler = handler;
        this.event = event;
    }

    /** Registers the priming of {@code handler}; the handler must keep the result (CRaC holds resources weakly). */
    static Priming register(RequestStreamHandler handler, ObjectNode event) {
        Priming priming = new Priming(handler, event.toString().getBytes(StandardCharsets.UTF_8));
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        handler.handleRequest(new ByteArrayInputStream(event), OutputStream.nullOutputStream(), null);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to undo: the priming request left no state behind
    }

    /** The Cognito Post confirmation event of a sign-up at example.com: one read of DOMAIN#example.com. */
    static ObjectNode cognitoSignup() {
        ObjectNode event = Json.object();
        event.put("version", "1");
        event.put("triggerSource", PostSignupHandler.CONFIRM_SIGN_UP);
        event.put("region", "us-east-1");
        event.put("userName", SUB);
        event.putObject("callerContext");
        event.putObject("request")
                .putObject("userAttributes")
                .put("sub", SUB)
                .put("email_verified", "true")
                .put("email", EMAIL);
        event.putObject("response");
        return event;
    }

    /** An HTTP API 2.0 event for {@code routeKey} at {@code path}, as the JWT authorizer passes the priming person. */
    static ObjectNode http(
            String routeKey, String path, Map<String, String> pathParameters, Map<String, String> query) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.putObject("headers").put("accept", "application/json");
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", SUB);
        context.put("routeKey", routeKey);
        context.putObject("http")
                .put("method", routeKey.substring(0, routeKey.indexOf(' ')))
                .put("path", path);
        context.putObject("authorizer")
                .putObject("jwt")
                .putObject("claims")
                .put("sub", SUB)
                .put("email", EMAIL)
                .put("email_verified", "true");
        if (!pathParameters.isEmpty()) {
            ObjectNode params = event.putObject("pathParameters");
            pathParameters.forEach(params::put);
        }
        if (!query.isEmpty()) {
            ObjectNode params = event.putObject("queryStringParameters");
            query.forEach(params::put);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    /**
     * A transient bounce of mail to the priming person, from the mail feedback topic: a transient bounce changes
     * nothing, so it warms the parsing and the logging without a request.
     */
    static ObjectNode transientBounce(String topicArn) {
        ObjectNode ses = Json.object();
        ses.put("eventType", "Bounce");
        ObjectNode bounce = ses.putObject("bounce");
        bounce.put("bounceType", "Transient");
        bounce.put("bounceSubType", "General");
        bounce.putArray("bouncedRecipients").addObject().put("emailAddress", EMAIL);
        bounce.put("timestamp", "2024-01-01T00:00:00.000Z");
        ses.putObject("mail").put("messageId", SUB).putObject("tags");
        ObjectNode event = Json.object();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.putObject("Sns")
                .put("Type", "Notification")
                .put("MessageId", SUB)
                .put("TopicArn", topicArn)
                .put("Message", ses.toString())
                .put("Timestamp", "2024-01-01T00:00:00.000Z");
        return event;
    }
}
