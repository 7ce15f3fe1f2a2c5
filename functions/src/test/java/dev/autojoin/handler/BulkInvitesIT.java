package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static dev.autojoin.handler.TestStack.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One request of 100 addresses with every kind of outcome. Own table: it writes a few hundred items. */
@ExtendWith(EmulatorExtension.class)
class BulkInvitesIT {
    private static final User ALICE = User.verified("alice@acme.com");

    @Test
    void aHundredAddresses_getAResultEach_inOrder_andOnlyTheNewOnesAreMailed(Emulator emulator) {
        TestStack stack = new TestStack(emulator);
        String acme = call(stack.settings, http("POST /companies", Map.of(), "{\"name\":\"Acme\"}", ALICE))
                .body()
                .path("id")
                .asText();
        List<String> setup = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            setup.add("member" + i + "@initech.com");
            setup.add("invited" + i + "@initech.com");
        }
        assertThat(invite(stack, acme, setup).status()).isEqualTo(200);
        stack.mailInvitations();
        for (int i = 0; i < 5; i++) {
            String member = "member" + i + "@initech.com";
            List<Emulator.SentEmail> mails = emulator.sentEmails().stream()
                    .filter(e -> e.to().contains(member))
                    .toList();
            String token = InvitesIT.token(mails.get(mails.size() - 1).text());
            assertThat(call(
                                    stack.invites,
                                    sample(
                                            "http-post-invite-accept.json",
                                            Map.of("token", token),
                                            null,
                                            User.verified(member)))
                            .status())
                    .isEqualTo(200);
        }
        List<String> emails = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            switch (i % 20) {
                case 0 -> add(emails, expected, "not-an-address-" + i, "invalid_email");
                case 1 -> add(emails, expected, "Member" + (i / 20) + "@initech.com", "already_member");
                case 2 -> add(emails, expected, "invited" + (i / 20) + "@initech.com", "already_invited");
                case 19 -> add(emails, expected, "NEW" + (i - 1) + "@initech.com", "already_invited");
                default -> add(emails, expected, "new" + i + "@initech.com", "invited");
            }
        }
        int mailedBefore = emulator.sentEmails().size();
        stack.requests.reset();

        Reply reply = invite(stack, acme, emails);
        Map<String, Integer> requests = stack.requests.snapshot();
        stack.mailInvitations();

        assertThat(reply.status()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        reply.body().path("results").forEach(r -> statuses.add(r.path("status").asText()));
        assertThat(statuses).containsExactlyElementsOf(expected);
        JsonNode results = reply.body().path("results");
        assertThat(results.get(0).path("code").asText()).isEqualTo("invalid_email");
        assertThat(results.get(19).path("code").asText()).isEqualTo("duplicate");
        assertThat(results.get(19).path("inviteId").asText())
                .isEqualTo(results.get(18).path("inviteId").asText());
        assertThat(results.get(2).path("inviteId").asText()).isNotBlank();
        assertThat(emulator.sentEmails().size() - mailedBefore).isEqualTo(80);
        assertThat(requests)
                .as("the reads once for the whole request (members and open invitations: one BatchGetItem each for"
                        + " the 90 valid addresses), the allowance, then 80 new invitations in 5 transactions of 19")
                .isEqualTo(Map.of(
                        "DynamoDb.GetItem", 2,
                        "DynamoDb.BatchGetItem", 2,
                        "DynamoDb.UpdateItem", 1,
                        "DynamoDb.TransactWriteItems", 5));
    }

    private static void add(List<String> emails, List<String> expected, String email, String status) {
        emails.add(email);
        expected.add(status);
    }

    private static Reply invite(TestStack stack, String companyId, List<String> emails) {
        StringBuilder body = new StringBuilder("{\"invites\":[");
        for (int i = 0; i < emails.size(); i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"email\":\"")
                    .append(emails.get(i))
                    .append("\"}");
        }
        return call(
                stack.invites, sample("http-post-invites.json", Map.of("companyId", companyId), body + "]}", ALICE));
    }
}
