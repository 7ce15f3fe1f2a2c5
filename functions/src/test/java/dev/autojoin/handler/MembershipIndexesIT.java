package dev.autojoin.handler;

import static dev.autojoin.handler.Company.signUp;
import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.adapter.dynamodb.DynamoDbCompanyAdmins;
import dev.autojoin.adapter.dynamodb.DynamoDbInvitationStore;
import dev.autojoin.adapter.dynamodb.SingleTable;
import dev.autojoin.domain.Membership;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The managers' index (GSI2 {@code MANAGERS#id}) and the member-address index (GSI3) follow every write that creates,
 * changes or removes a membership, through the real routes: who is told about a company, and who counts as a member
 * when invited, without reading the whole company.
 */
@ExtendWith(EmulatorExtension.class)
class MembershipIndexesIT {
    private static Emulator emulator;
    private static TestStack stack;
    private static DynamoDbCompanyAdmins admins;
    private static DynamoDbInvitationStore invitations;

    @BeforeAll
    static void givenTheStoresOverTheEmulator(Emulator shared) {
        emulator = shared;
        stack = new TestStack(emulator);
        SingleTable table = new SingleTable(emulator.dynamoDb(), EmulatorExtension.TABLE, Duration.ofDays(1));
        admins = new DynamoDbCompanyAdmins(table);
        invitations = new DynamoDbInvitationStore(table);
    }

    @Test
    void theOwner_isAManager_andAnAutoJoinedMember_isAMemberButNoManager() {
        Company co = Company.create(stack, "Index One", User.verified("olga@index-one.com"))
                .withDomain("index-one.com", "auto_join");
        User max = signUp(stack, "Max@index-one.com");

        assertThat(managers(co)).containsExactly(co.owner.sub());
        assertThat(admins.of(co.id)).extracting(m -> m.email().value()).containsExactly("olga@index-one.com");
        assertThat(co.memberOf(max)).isTrue();
        assertThat(invitations.members(
                        co.id, List.of("max@index-one.com", "olga@index-one.com", "nobody@index-one.com")))
                .containsExactlyInAnyOrder("max@index-one.com", "olga@index-one.com");
        assertThat(invitations.members(co.id + "-other", List.of("max@index-one.com")))
                .isEmpty();
    }

    @Test
    void changingRoleOrPermissions_movesAMemberIntoAndOutOfTheManagers() {
        Company co = Company.create(stack, "Index Two", User.verified("olga@index-two.com"))
                .withDomain("index-two.com", "auto_join");
        User max = co.member("max@index-two.com", "admin");
        assertThat(managers(co)).containsExactlyInAnyOrder(co.owner.sub(), max.sub());

        change(co, max, "{\"role\":\"member\",\"permissions\":[\"manage_members\"]}");
        assertThat(managers(co))
                .as("manage_members: told about joins (the digest)")
                .containsExactlyInAnyOrder(co.owner.sub(), max.sub());
        assertThat(admins.of(co.id))
                .as("but not about domains, which needs manage_settings")
                .extracting(m -> m.email().value())
                .containsExactly("olga@index-two.com");

        change(co, max, "{\"permissions\":[\"pay\"]}");
        assertThat(managers(co)).containsExactly(co.owner.sub());

        change(co, max, "{\"permissions\":[\"manage_settings\"]}");
        assertThat(admins.of(co.id))
                .extracting(m -> m.email().value())
                .containsExactlyInAnyOrder("olga@index-two.com", "max@index-two.com");
    }

    @Test
    void anAcceptedInvitationAsAdmin_addsAManager_andARemovalTakesBothIndexEntriesAway() {
        Company co = Company.create(stack, "Index Three", User.verified("olga@index-three.com"));
        Reply invited = co.as(
                co.owner,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"ada@elsewhere.org\",\"role\":\"admin\"}]}");
        assertThat(invited.status()).isEqualTo(200);
        User ada = User.verified("ada@elsewhere.org");
        String token = InvitesIT.token(lastEmailTo("ada@elsewhere.org"));
        assertThat(call(stack.invites, sample("http-post-invite-accept.json", Map.of("token", token), null, ada))
                        .status())
                .isEqualTo(200);

        assertThat(managers(co)).containsExactlyInAnyOrder(co.owner.sub(), ada.sub());
        assertThat(invitations.members(co.id, List.of("ada@elsewhere.org"))).containsExactly("ada@elsewhere.org");

        Reply removed =
                co.as(co.owner, "DELETE /companies/{companyId}/members/{userId}", Map.of("userId", ada.sub()), null);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(managers(co)).containsExactly(co.owner.sub());
        assertThat(invitations.members(co.id, List.of("ada@elsewhere.org"))).isEmpty();
    }

    private static Set<String> managers(Company co) {
        return Set.copyOf(
                admins.managers(co.id).stream().map(Membership::userId).toList());
    }

    private static void change(Company co, User member, String body) {
        Reply changed =
                co.as(co.owner, "PATCH /companies/{companyId}/members/{userId}", Map.of("userId", member.sub()), body);
        assertThat(changed.status()).as(String.valueOf(changed.body())).isEqualTo(200);
    }

    private static String lastEmailTo(String address) {
        List<Emulator.SentEmail> to =
                mailedEmails().stream().filter(e -> e.to().contains(address)).toList();
        assertThat(to).as("emails to %s", address).isNotEmpty();
        return to.get(to.size() - 1).text();
    }

    /** What SES took, once the sender function has drained the invitation mail queue. */
    private static java.util.List<Emulator.SentEmail> mailedEmails() {
        stack.mailInvitations();
        return emulator.sentEmails();
    }

    private static java.util.List<Emulator.SentEmail> mailedThroughOurClients() {
        stack.mailInvitations();
        return emulator.sentThroughOurClients();
    }
}
