package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bringing back a removed person takes the right that removed them: a member who may only invite is answered
 * {@code removed_by_admin} for a mailbox an admin removed (any {@code +tag} of it), while a manager may invite them
 * back; someone who left on their own may be invited back by anyone who may invite.
 */
@ExtendWith(EmulatorExtension.class)
class ComeBackIT {
    private static final String DOMAIN = "comeback-co.com";

    private static Company company;
    private static User inviter;

    @BeforeAll
    static void givenACompany_aRemovedMember_andOneWhoLeft(Emulator emulator) {
        TestStack stack = new TestStack(emulator);
        company = Company.create(stack, "ComeBackCo", User.verified("owner@" + DOMAIN))
                .withDomain(DOMAIN, "auto_join");
        inviter = company.member("ivan@" + DOMAIN, "member", "invite");
        User bob = company.member("bob@" + DOMAIN, "member");
        User carol = company.member("carol@" + DOMAIN, "member");
        Reply removed = company.as(
                company.owner, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", bob.sub()), null);
        Reply left = company.as(
                carol, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", carol.sub()), null);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(left.status()).isEqualTo(204);
    }

    @Test
    void aMemberWhoMayOnlyInvite_cannotBringBackARemovedMailbox_withOrWithoutATag() {
        for (String address : new String[] {"bob@" + DOMAIN, "Bob+back@" + DOMAIN}) {
            JsonNode result = invite(inviter, address);

            assertThat(result.path("status").asText()).as(address).isEqualTo("removed_by_admin");
            assertThat(result.path("code").asText()).isEqualTo("removed_by_admin");
            assertThat(result.has("inviteId")).isFalse();
        }
    }

    @Test
    void someoneWhoLeftOnTheirOwn_mayBeInvitedBackByAnyoneWhoMayInvite() {
        assertThat(invite(inviter, "carol@" + DOMAIN).path("status").asText()).isEqualTo("invited");
    }

    @Test
    void aManager_mayInviteARemovedPersonBack() {
        assertThat(invite(company.owner, "bob+return@" + DOMAIN).path("status").asText())
                .isEqualTo("invited");
    }

    private static JsonNode invite(User by, String address) {
        Reply sent = company.as(
                by,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"" + address + "\",\"permissions\":[]}]}");
        assertThat(sent.status()).as("%s", sent.body()).isEqualTo(200);
        return sent.body().path("results").get(0);
    }
}
