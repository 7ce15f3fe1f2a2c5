package dev.autojoin.handler;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * SnapStart priming: before Lambda takes the snapshot, one read-only request runs through the handler, so the
 * snapshot holds loaded classes, JSON mapping, table schemas, SDK marshalling, signing and the HTTP and TLS code, and
 * the first real request after a restore pays for none of it (its connection is new: the JDK drops keep-alive
 * connections idle for more than 5 s). The request is a person at {@code example.com}
 * (reserved by RFC 2606: no one can verify a mailbox there, so no company can hold a claim on it): it reads a key
 * that never exists and so never writes. It runs with a real {@link InvocationContext}, as any invocation does.
 */
final class Priming implements Resource {
    static final String SUB = "snapstart-priming";
    static final String EMAIL = "snapstart-priming@example.com";
    /** An invitation token of the real shape (43 base64url characters) that no invitation has. */
    static final String TOKEN = "A".repeat(43);

    /** More than any function's timeout: the priming request never runs short of time. */
    private static final Duration PRIMING_TIME = Duration.ofMinutes(1);

    /** One invocation of the handler with the priming event. */
    private interface Invocation {
        void run() throws IOException;
    }

    private final Invocation invocation;

    private Priming(Invocation invocation) {
        this.invocation = invocation;
    }

    /** Registers the priming of a stream handler; the handler must keep the result (CRaC holds resources weakly). */
    static Priming register(RequestStreamHandler handler, byte[] event) {
        return register(() ->
                handler.handleRequest(new ByteArrayInputStream(event), OutputStream.nullOutputStream(), context()));
    }

    /** Registers the priming of a typed handler; the handler must keep the result (CRaC holds resources weakly). */
    static <I> Priming register(RequestHandler<I, ?> handler, I event) {
        return register(() -> handler.handleRequest(event, context()));
    }

    private static Priming register(Invocation invocation) {
        Priming priming = new Priming(invocation);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        invocation.run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to undo: the priming request left no state behind
    }

    /** The Cognito Post confirmation event of a sign-up at example.com, as bytes: one read of DOMAIN#example.com. */
    static byte[] cognitoSignup() {
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
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An HTTP API 2.0 event for {@code routeKey} at {@code path}, as the JWT authorizer passes the priming person. */
    static APIGatewayV2HTTPEvent http(
            String routeKey, String path, Map<String, String> pathParameters, Map<String, String> query) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withHeaders(Map.of("accept", "application/json"))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(SUB)
                        .withRouteKey(routeKey)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(routeKey.substring(0, routeKey.indexOf(' ')))
                                .withPath(path)
                                .build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                                        .builder()
                                        .withClaims(Map.of("sub", SUB, "email", EMAIL, "email_verified", "true"))
                                        .build())
                                .build())
                        .build())
                .build();
    }

    /**
     * A transient bounce of mail to the priming person, from the mail feedback topic: a transient bounce changes
     * nothing, so it warms the parsing and the logging without a request.
     */
    static SNSEvent transientBounce(String topicArn) {
        ObjectNode ses = Json.object();
        ses.put("eventType", "Bounce");
        ObjectNode bounce = ses.putObject("bounce");
        bounce.put("bounceType", "Transient");
        bounce.put("bounceSubType", "General");
        bounce.putArray("bouncedRecipients").addObject().put("emailAddress", EMAIL);
        bounce.put("timestamp", "2024-01-01T00:00:00.000Z");
        ses.putObject("mail").put("messageId", SUB).putObject("tags");
        SNSEvent.SNS sns = new SNSEvent.SNS()
                .withType("Notification")
                .withMessageId(SUB)
                .withTopicArn(topicArn)
                .withMessage(ses.toString())
                .withTimestamp(new DateTime(2024, 1, 1, 0, 0, DateTimeZone.UTC));
        return new SNSEvent()
                .withRecords(List.of(new SNSEvent.SNSRecord()
                        .withEventSource("aws:sns")
                        .withEventVersion("1.0")
                        .withSns(sns)));
    }

    private static InvocationContext context() {
        return new InvocationContext(SUB, "priming", "us-east-1", PRIMING_TIME, 1024);
    }
}
