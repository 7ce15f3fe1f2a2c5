package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.app.JoinOnSignup;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GET /me decides whether to repair an auto-join from the user index (GSI1), which may not show a departure yet: the
 * admission itself checks the person's standing in the write, so someone who left is not joined back.
 */
@ExtendWith(EmulatorExtension.class)
class AdmitStandingIT {

    @Test
    void someoneWhoLeft_isNotJoinedBack_byADecisionMadeOnAStaleIndex(Emulator emulator) {
        TestStack stack = new TestStack(emulator);
        User alice = User.verified("alice@standing-co.com");
        String id = PostSignupHandlerIT.companyWithDomain(stack, "Standing", alice, "standing-co.com", "auto_join");
        User bob = User.verified("bob@standing-co.com");
        TestStack.invoke(stack.postSignup, TestStack.cognitoSignup(bob.sub(), bob.email(), "true"));
        TestStack.Reply left = call(
                stack.settings,
                http(
                        "DELETE /companies/{companyId}/members/{userId}",
                        Map.of("companyId", id, "userId", bob.sub()),
                        null,
                        bob));
        assertThat(left.status()).isEqualTo(204);

        // What GET /me does when its index read still shows no departure: enroll by the domain's policy.
        JoinOnSignup join = stack.wiring.joinOnSignup();
        DomainClaim claim = join.match(DomainName.parse("standing-co.com")).orElseThrow();
        JoinOnSignup.Result again = join.enroll(claim, bob.sub(), EmailAddress.parse(bob.email()));

        assertThat(again.outcome()).isEqualTo(JoinOnSignup.Outcome.ALREADY_SUGGESTED);
        assertThat(call(stack.settings, http("GET /me", Map.of(), null, bob))
                        .body()
                        .path("companies"))
                .isEmpty();
        assertThat(call(
                                stack.settings,
                                http("GET /companies/{companyId}/members", Map.of("companyId", id), null, alice))
                        .body()
                        .path("items")
                        .findValuesAsText("userId"))
                .doesNotContain(bob.sub());
    }
}
