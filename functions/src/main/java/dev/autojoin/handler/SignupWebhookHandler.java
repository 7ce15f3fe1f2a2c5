package dev.autojoin.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.Deadline;
import dev.autojoin.app.ReceiveSignup;
import dev.autojoin.config.Env;
import dev.autojoin.config.Timeouts;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DependencyUnavailableException;
import dev.autojoin.domain.NotFoundException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * SignupWebhookFunction: the identity providers' own sign-up hooks (every provider but Cognito, whose trigger is
 * {@link PostSignupHandler}). Each route checks its provider's signature or secret before it reads or writes
 * anything; a provider without a configured secret is off and its route answers 404. A delivery id acted on once is
 * answered 2xx again without acting. The status codes follow each provider's retry rules: 2xx once a delivery is
 * accepted or deliberately ignored, 503 only when delivering it again would help, and Firebase's blocking call is
 * never refused once its token holds.
 */
public final class SignupWebhookHandler extends HttpFunction {
    static final Set<String> ROUTES = Set.of(
            "POST /hooks/signup",
            "POST /hooks/clerk",
            "POST /hooks/workos",
            "GET /hooks/okta",
            "POST /hooks/okta",
            "POST /hooks/keycloak",
            "POST /hooks/firebase");

    /** Google's certificates for Firebase Auth tokens (x509 PEM by key id). */
    static final URI GOOGLE_CERTIFICATES =
            URI.create("https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com");

    /** Okta waits 3 s for an Event Hook's answer. */
    static final java.time.Duration OKTA_BUDGET = java.time.Duration.ofMillis(2_300);

    private final ReceiveSignup receive;

    public SignupWebhookHandler() {
        this(Wiring.fromEnvironment(Timeouts.TRIGGER));
    }

    SignupWebhookHandler(Wiring wiring) {
        super(wiring);
        this.receive = wiring.receiveSignup();
        Env env = wiring.env();
        // Signatures are fresh by real time, as their signers sign (Standard Webhooks' library reads it too), not
        // by the product's clock, which the local stack can move by days.
        Clock realTime = Clock.systemUTC();
        Optional<SignupHook> signup =
                secret(wiring, "SIGNUP_WEBHOOK_SECRET", true).map(SignupHook::new);
        Optional<ClerkHook> clerk = secret(wiring, "CLERK_WEBHOOK_SECRET", true).map(ClerkHook::new);
        Optional<WorkosHook> workos =
                secret(wiring, "WORKOS_WEBHOOK_SECRET", false).map(s -> new WorkosHook(s, realTime));
        Optional<OktaHook> okta = secret(wiring, "OKTA_HOOK_AUTHORIZATION", false)
                .map(s -> new OktaHook(s, env.flag("OKTA_EMAILS_VERIFIED")));
        Optional<KeycloakHook> keycloak =
                secret(wiring, "KEYCLOAK_WEBHOOK_SECRET", false).map(KeycloakHook::new);
        Optional<FirebaseHook> firebase = env.optional("FIREBASE_PROJECT_ID")
                .map(project -> new FirebaseHook(
                        project,
                        env.optional("FIREBASE_AUDIENCE")
                                .orElseThrow(() -> new IllegalStateException(
                                        "FIREBASE_AUDIENCE (the URL the blocking function is registered with) is"
                                                + " required with FIREBASE_PROJECT_ID")),
                        env.optional("FIREBASE_CERTS_URL").map(URI::create).orElse(GOOGLE_CERTIFICATES),
                        realTime));

        route("POST /hooks/signup", request -> answer(deliver(request, on(signup))));
        route("POST /hooks/clerk", request -> answer(deliver(request, on(clerk))));
        route("POST /hooks/workos", request -> answer(deliver(request, on(workos))));
        route("POST /hooks/keycloak", request -> answer(deliver(request, on(keycloak))));
        route("GET /hooks/okta", request -> {
            on(okta).authenticate(request::header);
            String challenge = request.header("x-okta-verification-challenge")
                    .filter(value -> value.length() <= 200)
                    .orElseThrow(() -> Hook.malformed("no X-Okta-Verification-Challenge"));
            ObjectNode out = Json.object();
            out.put("verification", challenge);
            return ApiResponse.json(200, out);
        });
        route("POST /hooks/okta", request -> {
            deliver(request, on(okta));
            return ApiResponse.empty(204); // Okta reads nothing back
        });
        route("POST /hooks/firebase", request -> {
            FirebaseHook hook = on(firebase);
            List<ReceiveSignup.Delivery> signups = hook.read(request::header, request.bodyBytes());
            try {
                receive(request, signups);
            } catch (RuntimeException behind) {
                // A blocking function must never block a sign-up: GET /me repairs what was missed.
                Signups.failed(request.requestId(), behind);
            }
            return ApiResponse.json(200, Json.object()); // no change to the user being created
        });
        requireRoutes(ROUTES);
    }

    public static Set<String> routes() {
        return ROUTES;
    }

    /** The provider's secret, or empty when the operator did not configure one (the provider is off). */
    private static Optional<HookSecret> secret(Wiring wiring, String name, boolean standardWebhooks) {
        return wiring.secret(name).map(source -> {
            Supplier<String> checked =
                    standardWebhooks ? () -> StandardWebhookSignature.requireSecret(name, source.get()) : source;
            return new HookSecret(checked, wiring.clock());
        });
    }

    private static <H extends Hook> H on(Optional<H> hook) {
        return hook.orElseThrow(
                () -> new NotFoundException("not_found", "This identity provider's hook is not configured."));
    }

    private List<ReceiveSignup.Received> deliver(ApiRequest request, Hook hook) {
        List<ReceiveSignup.Delivery> signups = hook.read(request::header, request.bodyBytes());
        try {
            return receive(request, signups);
        } catch (ConflictException | SdkException stillFailing) {
            // Counted like the trigger's; 503, so the provider delivers it again (nothing was recorded as done).
            Signups.failed(request.requestId(), stillFailing);
            throw new DependencyUnavailableException(
                    "The sign-up could not be recorded just now; deliver it again.", stillFailing);
        }
    }

    private List<ReceiveSignup.Received> receive(ApiRequest request, List<ReceiveSignup.Delivery> signups) {
        // Okta gives up on a hook after 3 s (and retries once): its writes start only while they end before that.
        Deadline deadline = request.routeKey().equals("POST /hooks/okta")
                ? Signups.deadline(request.context(), OKTA_BUDGET)
                : Signups.deadline(request.context());
        List<ReceiveSignup.Received> out = new ArrayList<>();
        for (ReceiveSignup.Delivery signup : signups) {
            ReceiveSignup.Received received = receive.receive(signup, deadline);
            Signups.log(request.requestId(), signup, received);
            out.add(received);
        }
        return out;
    }

    /** {@code {"outcome": ...}} of the delivery's one sign-up; {@code ignored} for an event we have no use for. */
    private static ApiResponse answer(List<ReceiveSignup.Received> received) {
        ObjectNode out = Json.object();
        if (received.isEmpty()) {
            out.put("outcome", "ignored");
        } else if (received.get(0).duplicate()) {
            out.put("outcome", "duplicate");
        } else {
            var result = received.get(0).result();
            out.put("outcome", result.outcome().name().toLowerCase());
            if (result.companyId() != null) {
                out.put("companyId", result.companyId());
            }
            result.invited().forEach(m -> out.withArrayProperty("invited").add(m.companyId()));
        }
        return ApiResponse.json(200, out);
    }
}
