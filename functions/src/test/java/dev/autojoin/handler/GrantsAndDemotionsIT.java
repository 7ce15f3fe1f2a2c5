package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Nobody grants more than they hold, defaults included: through the real handlers against the emulator. */
@ExtendWith(EmulatorExtension.class)
class GrantsAndDemotionsIT {
    private static final String DOMAIN = "grants-co.com";
    private static final String INVITES = "POST /companies/{companyId}/invites";
    private static final String APPROVE = "POST /companies/{companyId}/join-requests/{userId}/approve";

    private static Emulator emulator;
    private static TestStack stack;
    private static Company co;

    @BeforeAll
    static void givenACompanyWithAVerifiedDomain(Emulator running) {
        emulator = running;
        stack = new TestStack(emulator);
        co = Company.create(stack, "Grants Co", User.verified("gina@" + DOMAIN)).withDomain(DOMAIN, "auto_join");
    }

    // --- nobody grants more than they hold, not even the defaults ------------------------------------------------

    @Test
    void aMemberWhoMayOnlyInvite_getsA403ForTheAdminDefault_andInvitesByNamingWhatTheyHold() {
        User mia = co.member("mia@" + DOMAIN, "member", "invite");
        setCompanyDefaults("{\"defaultRole\":\"admin\",\"defaultPermissions\":[]}");
        Map<String, Map<String, AttributeValue>> before = table();
        int mails = emulator.sentEmails().size();

        Reply defaulted = co.as(mia, INVITES, Map.of(), "{\"invites\":[{\"email\":\"mia.second@elsewhere.com\"}]}");

        assertThat(defaulted.status()).as(defaulted.body().toString()).isEqualTo(403);
        assertThat(defaulted.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(defaulted.body().path("detail").asText())
                .contains("admin role")
                .contains("company's default");
        assertThat(changed(before, table())).as("nothing written").isEmpty();
        assertThat(emulator.sentEmails()).hasSize(mails);

        Reply named = co.as(
                mia,
                INVITES,
                Map.of(),
                "{\"invites\":[{\"email\":\"mia.second@elsewhere.com\",\"role\":\"member\",\"permissions\":[]}]}");

        assertThat(named.status()).as(named.body().toString()).isEqualTo(200);
        assertThat(named.body().path("results").get(0).path("status").asText()).isEqualTo("invited");
        assertThat(emulator.sentEmails()).hasSize(mails + 1);
        setCompanyDefaults("{\"defaultRole\":\"member\",\"defaultPermissions\":[\"post_jobs\"]}");
    }

    @Test
    void anApproverLackingADefaultPermissionOfTheDomain_gets403_andTheRequestStaysPending() {
        User manager = co.member("manny@" + DOMAIN, "member", "manage_members", "post_jobs");
        Reply configured = co.as(
                co.owner,
                "PATCH /companies/{companyId}/domains/{domain}",
                Map.of("domain", DOMAIN),
                "{\"enrollment\":\"suggest\",\"defaultPermissions\":[\"post_jobs\",\"pay\"]}");
        assertThat(configured.status()).as(configured.body().toString()).isEqualTo(200);
        User asker = Company.signUp(stack, "asker@" + DOMAIN);
        assertThat(co.as(asker, "POST /companies/{companyId}/join-requests", Map.of(), null)
                        .status())
                .isEqualTo(201);

        Reply refused = co.as(manager, APPROVE, Map.of("userId", asker.sub()), null);

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);
        assertThat(refused.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(refused.body().path("detail").asText()).contains("pay");
        assertThat(co.memberOf(asker)).isFalse();
        assertThat(pendingRequests()).contains(asker.sub());

        Reply approved = co.as(co.owner, APPROVE, Map.of("userId", asker.sub()), null);

        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(strings(approved.body().path("permissions"))).containsExactlyInAnyOrder("post_jobs", "pay");
        co.enrollment(DOMAIN, "auto_join");
    }

    private static void setCompanyDefaults(String body) {
        Reply patched = co.as(co.owner, "PATCH /companies/{companyId}/settings", Map.of(), body, "if-match", co.etag());
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
    }

    private static List<String> pendingRequests() {
        List<String> users = new ArrayList<>();
        for (JsonNode item : co.as(co.owner, "GET /companies/{companyId}/join-requests", Map.of(), null)
                .body()
                .path("items")) {
            users.add(item.path("userId").asText());
        }
        return users;
    }

    /** Every item of the table by "PK|SK". */
    private static Map<String, Map<String, AttributeValue>> table() {
        Map<String, Map<String, AttributeValue>> all = new HashMap<>();
        emulator.dynamoDb()
                .scanPaginator(b -> b.tableName(EmulatorExtension.TABLE))
                .items()
                .forEach(item ->
                        all.put(item.get("PK").s() + "|" + item.get("SK").s(), item));
        return all;
    }

    /** The keys of the items added, changed or removed between the two scans. */
    private static List<String> changed(
            Map<String, Map<String, AttributeValue>> before, Map<String, Map<String, AttributeValue>> after) {
        List<String> changed = new ArrayList<>();
        after.forEach((key, item) -> {
            if (!item.equals(before.get(key))) {
                changed.add(key);
            }
        });
        before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(changed::add);
        return changed;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(value -> out.add(value.asText()));
        return out;
    }
}
