package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Nobody grants more than they hold, defaults included; and an admin demoted between authorization and write grants
 * nothing: the owner demotes them through the real route just before the request's transaction leaves, and the
 * request answers 409 {@code concurrent_change} with nothing of it in the table.
 */
@ExtendWith(EmulatorExtension.class)
class GrantsAndDemotionsIT {
    private static final String DOMAIN = "grants-co.com";
    private static final String MEMBER = "PATCH /companies/{companyId}/members/{userId}";
    private static final String INVITES = "POST /companies/{companyId}/invites";
    private static final String APPROVE = "POST /companies/{companyId}/join-requests/{userId}/approve";
    private static final DemoteBeforeWrite DEMOTE = new DemoteBeforeWrite();

    private static Emulator emulator;
    private static TestStack stack;
    private static Company co;
    private static int fresh;

    @BeforeAll
    static void givenACompanyWithAVerifiedDomain(Emulator running) {
        emulator = running;
        stack = new TestStack(
                emulator, emulator.endpoint().toString(), Timeouts.API, Clock.systemUTC(), Map.of(), List.of(DEMOTE));
        co = Company.create(stack, "Grants Co", User.verified("gina@" + DOMAIN)).withDomain(DOMAIN, "auto_join");
    }

    // --- nobody grants more than they hold, not even the defaults ------------------------------------------------

    @Test
    void aMemberWhoMayOnlyInvite_getsA403ForTheAdminDefault_andInvitesByNamingWhatTheyHold() {
        User mia = co.member("mia@" + DOMAIN, "member", "invite");
        setCompanyDefaults("{\"defaultRole\":\"admin\",\"defaultPermissions\":[]}");
        Map<String, Map<String, AttributeValue>> before = table();
        int mails = mailedEmails().size();

        Reply defaulted = co.as(mia, INVITES, Map.of(), "{\"invites\":[{\"email\":\"mia.second@elsewhere.com\"}]}");

        assertThat(defaulted.status()).as(defaulted.body().toString()).isEqualTo(403);
        assertThat(defaulted.body().path("code").asText()).isEqualTo("cannot_grant");
        assertThat(defaulted.body().path("detail").asText())
                .contains("admin role")
                .contains("company's default");
        assertThat(changed(before, table())).as("nothing written").isEmpty();
        assertThat(mailedEmails()).hasSize(mails);

        Reply named = co.as(
                mia,
                INVITES,
                Map.of(),
                "{\"invites\":[{\"email\":\"mia.second@elsewhere.com\",\"role\":\"member\",\"permissions\":[]}]}");

        assertThat(named.status()).as(named.body().toString()).isEqualTo(200);
        assertThat(named.body().path("results").get(0).path("status").asText()).isEqualTo("invited");
        assertThat(mailedEmails()).hasSize(mails + 1);
        setCompanyDefaults("{\"defaultRole\":\"member\",\"defaultPermissions\":[]}");
    }

    @Test
    void anApproverLackingADefaultPermissionOfTheDomain_gets403_andTheRequestStaysPending() {
        User manager = co.member("manny@" + DOMAIN, "member", "manage_members", "invite");
        Reply configured = co.as(
                co.owner,
                "PATCH /companies/{companyId}/domains/{domain}",
                Map.of("domain", DOMAIN),
                "{\"enrollment\":\"suggest\",\"defaultPermissions\":[\"invite\",\"pay\"]}");
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
        assertThat(strings(approved.body().path("permissions"))).containsExactlyInAnyOrder("invite", "pay");
        co.enrollment(DOMAIN, "auto_join");
    }

    // --- an admin demoted between authorization and write -------------------------------------------------------

    @Test
    void domainWrites_ofAnAdminDemotedMeanwhile_answer409_andWriteNothing() {
        assertRefusedWhenDemoted(
                "claim by DNS",
                admin -> co.as(
                        admin,
                        "POST /companies/{companyId}/domains",
                        Map.of(),
                        "{\"domain\":\"dns-grants.com\",\"method\":\"dns\"}"));
        assertRefusedWhenDemoted(
                "configure",
                admin -> co.as(
                        admin,
                        "PATCH /companies/{companyId}/domains/{domain}",
                        Map.of("domain", DOMAIN),
                        "{\"includeSubdomains\":false}"));
        assertRefusedWhenDemoted(
                "release",
                admin ->
                        co.as(admin, "DELETE /companies/{companyId}/domains/{domain}", Map.of("domain", DOMAIN), null));
    }

    @Test
    void invitationWrites_ofAnAdminDemotedMeanwhile_answer409_andWriteNothing() {
        Reply invited = co.as(co.owner, INVITES, Map.of(), "{\"invites\":[{\"email\":\"ivan@elsewhere.com\"}]}");
        String inviteId = invited.body().path("results").get(0).path("inviteId").asText();

        assertRefusedWhenDemoted(
                "invite",
                admin -> co.as(
                        admin,
                        INVITES,
                        Map.of(),
                        "{\"invites\":[{\"email\":\"ines@elsewhere.com\",\"permissions\":[]}]}"));
        assertRefusedWhenDemoted(
                "resend",
                admin -> co.as(
                        admin,
                        "POST /companies/{companyId}/invites/{inviteId}/resend",
                        Map.of("inviteId", inviteId),
                        null));
        assertRefusedWhenDemoted(
                "revoke",
                admin -> co.as(
                        admin, "DELETE /companies/{companyId}/invites/{inviteId}", Map.of("inviteId", inviteId), null));
    }

    /**
     * A fresh admin makes {@code call}; the owner demotes them just before
     * its transaction. The answer is 409 {@code concurrent_change}, no email leaves, and the table holds only the
     * demotion (and the company's daily invitation count, which the request takes before it writes).
     */
    private static void assertRefusedWhenDemoted(String what, java.util.function.Function<User, Reply> call) {
        User admin = co.member("admin" + (++fresh) + "@" + DOMAIN, "admin");
        int mails = mailedEmails().size(); // first: what earlier steps queued is mailed before the snapshot
        Map<String, Map<String, AttributeValue>> before = table();
        DEMOTE.arm(() -> {
            Reply demoted = co.as(co.owner, MEMBER, Map.of("userId", admin.sub()), "{\"role\":\"member\"}");
            assertThat(demoted.status()).as("demote: %s", demoted.body()).isEqualTo(200);
        });

        Reply reply = call.apply(admin);

        assertThat(DEMOTE.fired()).as("%s reached its transaction", what).isTrue();
        assertThat(reply.status()).as("%s: %s", what, reply.body()).isEqualTo(409);
        assertThat(reply.body().path("code").asText()).isEqualTo("concurrent_change");
        assertThat(mailedEmails()).as(what).hasSize(mails);
        Map<String, Map<String, AttributeValue>> after = table();
        List<String> changed = changed(before, after);
        changed.remove("COMPANY#" + co.id + "|MEMBER#" + admin.sub());
        changed.removeIf(key -> key.startsWith("COMPANY#" + co.id + "|RATE#invites#"));
        changed.removeIf(key -> after.containsKey(key)
                && AttributeValue.fromS("member.updated").equals(after.get(key).get("action")));
        assertThat(changed).as("%s wrote nothing", what).isEmpty();
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

    /** Runs a demotion once, just before the next TransactWriteItems leaves: after the reads that authorized. */
    static final class DemoteBeforeWrite implements ExecutionInterceptor {
        private volatile Runnable armed;
        private volatile boolean fired;

        void arm(Runnable demotion) {
            fired = false;
            armed = Objects.requireNonNull(demotion);
        }

        boolean fired() {
            return fired;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            Runnable demotion = armed;
            if (demotion != null
                    && "TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                armed = null;
                fired = true;
                demotion.run();
            }
        }
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
