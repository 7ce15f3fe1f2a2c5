package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.TableFromTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's identity-provider examples, as written: {@code node scripts/send-hook.mjs} sends each provider's own
 * signed delivery to the local stack (with its default secrets and its Firebase-style token signer), a verified
 * sign-up at an auto-join domain joins, the same delivery id again answers {@code duplicate}, an unverified email
 * joins nobody, and Okta joins nobody without the operator's opt-in (off on ./run by default).
 */
class ProviderHooksIT {
    private static final String DOMAIN = "hooks-acme.com";

    private final LocalApi api = LocalApi.shared();

    @BeforeAll
    static void startFromAnEmptyTable() {
        LocalApi.shared();
        Emulator.shared().resetAll(LocalStack.TABLE_NAME);
        Emulator.shared().verifySender(LocalStack.SENDER_EMAIL);
    }

    record Sent(int exit, String output) {}

    @Test
    void eachProvidersOwnDelivery_joinsOnce_andAnUnverifiedEmailNobody() {
        LocalApi.Session alice = api.signUp("alice@" + DOMAIN, true);
        LocalApi.Reply created = api.post("/companies", alice.token(), "{\"name\":\"HooksAcme\"}");
        String company = created.json().path("id").asText();
        assertThat(api.post(
                                "/companies/" + company + "/domains",
                                alice.token(),
                                "{\"domain\":\"" + DOMAIN + "\",\"method\":\"email\"}")
                        .status())
                .isEqualTo(201);
        assertThat(api.patch(
                                "/companies/" + company + "/domains/" + DOMAIN,
                                alice.token(),
                                "{\"enrollment\":\"auto_join\"}")
                        .status())
                .isEqualTo(200);

        for (String provider : List.of("signup", "clerk", "workos", "keycloak", "firebase")) {
            String id = provider + "-" + UUID.randomUUID();
            String email = provider + ".new@" + DOMAIN;
            Sent first = send(provider, email, "--id", id, "--sub", "sub-" + id);
            Sent again = send(provider, email, "--id", id, "--sub", "sub-" + id);
            Sent unverified = send(provider, "u." + email, "--unverified", "--sub", "u-" + id);

            assertThat(first.exit()).as("%s: %s", provider, first.output()).isZero();
            assertThat(again.exit()).as("%s: %s", provider, again.output()).isZero();
            assertThat(unverified.exit())
                    .as("%s: %s", provider, unverified.output())
                    .isZero();
            if (!provider.equals("firebase")) { // Firebase's answer is always {}: the member list tells
                assertThat(first.output()).as(provider).contains("joined");
                assertThat(again.output()).as(provider).contains("duplicate");
            }
            List<String> members = api.get("/companies/" + company + "/members", alice.token())
                    .json()
                    .path("items")
                    .findValuesAsText("userId");
            assertThat(members).as(provider).contains("sub-" + id).doesNotContain("u-" + id);
        }

        Sent okta = send("okta", "okta.new@" + DOMAIN, "--sub", "00u-okta");
        assertThat(okta.exit()).as(okta.output()).isZero();
        assertThat(api.get("/companies/" + company + "/members", alice.token())
                        .json()
                        .path("items")
                        .findValuesAsText("userId"))
                .as("Okta's logins are not verified emails unless the operator opts in")
                .doesNotContain("00u-okta");
        Sent challenge = send("okta", "x@" + DOMAIN, "--event", "verification");
        assertThat(challenge.output()).contains("verification");
    }

    private Sent send(String... args) {
        Path root = TableFromTemplate.findRepoRoot().orElseThrow();
        List<String> command = new ArrayList<>(List.of("node", "scripts/send-hook.mjs"));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", api.baseUrl().toString()));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new Sent(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("node scripts/send-hook.mjs does not run (node is a prerequisite)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
