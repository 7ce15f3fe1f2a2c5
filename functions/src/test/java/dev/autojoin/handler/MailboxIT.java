package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * One mailbox is one person: {@code bob+anything@d} reaches Bob's mailbox, so a removal of {@code bob@d} holds for
 * every tag of it. No tag variant of a removed address joins by domain (at sign-up, through a hook, or through
 * {@code GET /me}), nor asks to join; and the removal of a tagged address holds for the plain one.
 */
@AddLifecycleHook(HostileInputIT.SkipWithoutEmulator.class)
class MailboxIT {
    private static final String DOMAIN = "mailbox-co.com";

    private static TestStack stack;
    private static Company company;

    @BeforeContainer
    static void givenBobRemovedFromACompanyWhoseDomainJoinsAutomatically() {
        Emulator emulator = Emulator.shared();
        emulator.resetAll(EmulatorExtension.TABLE);
        stack = new TestStack(emulator, new MutableClock(Instant.now()), Map.of());
        company = Company.create(stack, "MailboxCo", User.verified("owner@" + DOMAIN))
                .withDomain(DOMAIN, "auto_join");
        for (String removed : new String[] {"bob@" + DOMAIN, "carol+work@" + DOMAIN}) {
            User user = User.verified(removed);
            Reply me = call(stack.settings, http("GET /me", Map.of(), null, user));
            assertThat(me.body().path("companies"))
                    .as("%s joined first", removed)
                    .hasSize(1);
            Reply gone = company.as(
                    company.owner,
                    "DELETE /companies/{companyId}/members/{userId}",
                    Map.of("userId", user.sub()),
                    null);
            assertThat(gone.status()).as("removal of %s", removed).isEqualTo(204);
        }
    }

    @Provide
    Arbitrary<String> variantsOfRemovedMailboxes() {
        Arbitrary<String> tag = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz0123456789._-+")
                .ofMinLength(0)
                .ofMaxLength(20)
                .filter(t -> !t.startsWith(".") && !t.endsWith(".") && !t.contains(".."));
        Arbitrary<String> local = Arbitraries.of("bob", "BOB", "Bob", "carol", "Carol");
        return net.jqwik.api.Combinators.combine(local, tag, Arbitraries.of(true, false))
                .as((name, t, tagged) ->
                        name + (tagged || name.toLowerCase().equals("carol") ? "+" + t : "") + "@" + DOMAIN);
    }

    @Property(tries = 60)
    void noTagVariantOfARemovedMailbox_joinsByDomain_orAsksToJoin(@ForAll("variantsOfRemovedMailboxes") String email) {
        User variant = User.verified(email);

        TestStack.invoke(stack.postSignup, TestStack.cognitoSignup(variant.sub(), email, "true"));
        Reply hook = call(
                stack.signupWebhook,
                Providers.signup(Providers.Provider.SIGNUP, variant.sub(), email, true)
                        .event());
        Reply me = call(stack.settings, http("GET /me", Map.of(), null, variant));
        Reply asked = company.as(variant, "POST /companies/{companyId}/join-requests", Map.of(), null);

        assertThat(hook.body().path("outcome").asText()).as(email).isIn("removed_by_admin", "duplicate");
        assertThat(me.body().path("companies")).as(email).isEmpty();
        assertThat(asked.status()).as("%s: %s", email, asked.body()).isEqualTo(403);
        assertThat(asked.body().path("code").asText()).isEqualTo("removed_by_admin");
    }

    @net.jqwik.api.Example
    void tagsOfOneMailbox_shareItsDailyInvitationAllowance_andOneRequestInvitesItOnce() {
        String[] tagged = {"vic@elsewhere-mailbox.io", "vic+1@elsewhere-mailbox.io", "Vic+2@elsewhere-mailbox.io"};
        for (String address : tagged) {
            assertThat(invite(address).path("status").asText()).as(address).isEqualTo("invited");
        }

        assertThat(invite("vic+3@elsewhere-mailbox.io").path("status").asText())
                .as("the fourth email to one mailbox today")
                .isEqualTo("rate_limited");
        Reply both = company.as(
                company.owner,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"wes@elsewhere-mailbox.io\"},{\"email\":\"wes+x@elsewhere-mailbox.io\"}]}");
        assertThat(both.body().path("results").get(0).path("status").asText()).isEqualTo("invited");
        assertThat(both.body().path("results").get(1).path("code").asText()).isEqualTo("duplicate");
    }

    private static com.fasterxml.jackson.databind.JsonNode invite(String address) {
        Reply sent = company.as(
                company.owner,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"" + address + "\"}]}");
        assertThat(sent.status()).as("%s", sent.body()).isEqualTo(200);
        return sent.body().path("results").get(0);
    }
}
