package dev.autojoin.handler;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.FaultProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write that committed and whose answer was lost (the proxy lets the emulator act, then answers 500 and the SDK sends
 * it again) is a success: the retry meets its own write, not a collision (issue 19, item 6). moto ignores
 * {@code ClientRequestToken}, so this is the product's own recognition at work, through the real routes.
 */
@ExtendWith(EmulatorExtension.class)
class LostAnswerIT {
    private static FaultProxy proxy;
    private static TestStack direct;
    private static TestStack throughProxy;

    @BeforeAll
    static void givenAProxyInFrontOfTheEmulator(Emulator emulator) {
        proxy = new FaultProxy(emulator);
        direct = new TestStack(emulator);
        throughProxy = new TestStack(emulator, proxy.url(), Timeouts.API);
    }

    @AfterEach
    void healTheNetwork() {
        proxy.heal();
    }

    @AfterAll
    static void stopTheProxy() {
        proxy.close();
    }

    @Test
    void aCompanyWhoseAnswerWasLost_isCreatedOnce_andAnswered201() {
        User olga = User.verified("olga@lost-company.com");
        loseTheNextAnswerOf("TransactWriteItems");

        Reply created = call(throughProxy.settings, http("POST /companies", Map.of(), "{\"name\":\"Olga Co\"}", olga));

        assertThat(sent("TransactWriteItems"))
                .as("the write and the SDK's retry")
                .isEqualTo(2);
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        JsonNode companies = me(olga).path("companies");
        assertThat(companies).hasSize(1);
        assertThat(companies.get(0).path("id").asText())
                .isEqualTo(created.body().path("id").asText());
    }

    @Test
    void anInvitationWhoseAnswerWasLost_isInvitedOnce_andItsEmailIsOnItsWay() {
        Company acme = Company.create(direct, "Lost Invite Co", User.verified("owner@lost-invite.com"));
        direct.mailInvitations(); // nothing queued before
        loseTheNextAnswerOf("TransactWriteItems");

        Reply invited = call(
                throughProxy.invites,
                http(
                        "POST /companies/{companyId}/invites",
                        Map.of("companyId", acme.id),
                        "{\"invites\":[{\"email\":\"pat@lost-invite.com\",\"role\":\"member\",\"permissions\":[]}]}",
                        acme.owner));

        assertThat(sent("TransactWriteItems"))
                .as("the write and the SDK's retry")
                .isEqualTo(2);
        assertThat(invited.status()).as("%s", invited.body()).isEqualTo(200);
        assertThat(invited.body().path("results").get(0).path("status").asText())
                .isEqualTo("invited");
        JsonNode items = acme.as(acme.owner, "GET /companies/{companyId}/invites", Map.of(), null)
                .body()
                .path("items");
        assertThat(items).hasSize(1);
        assertThat(throughProxy.mailInvitations()).as("its email, queued once").isEqualTo(1);
        JsonNode after = acme.as(acme.owner, "GET /companies/{companyId}/invites", Map.of(), null)
                .body()
                .path("items");
        assertThat(after.get(0).path("delivery").asText()).isEqualTo("sent");
    }

    @Test
    void aRoleChangeWhoseAnswerWasLost_isApplied_notRefusedAsAConcurrentChange() {
        Company acme = Company.create(direct, "Lost Change Co", User.verified("owner@lost-change.com"))
                .withDomain("lost-change.com", "auto_join");
        User bob = acme.member("bob@lost-change.com", "member");
        int auditBefore = auditEntries(acme);
        loseTheNextAnswerOf("TransactWriteItems");

        Reply changed = call(
                throughProxy.settings,
                http(
                        "PATCH /companies/{companyId}/members/{userId}",
                        Map.of("companyId", acme.id, "userId", bob.sub()),
                        "{\"role\":\"admin\"}",
                        acme.owner));

        assertThat(sent("TransactWriteItems"))
                .as("the write and the SDK's retry")
                .isEqualTo(2);
        assertThat(changed.status()).as("%s", changed.body()).isEqualTo(200);
        assertThat(changed.body().path("role").asText()).isEqualTo("admin");
        assertThat(auditEntries(acme)).as("one change, one entry").isEqualTo(auditBefore + 1);
    }

    @Test
    void aRetryThatMeetsSomeoneElsesWrite_isStillRefused() {
        // Control: the recognition reads its own write id; another write's item is not taken for its own.
        Company acme = Company.create(direct, "Not Ours Co", User.verified("owner@not-ours.com"));
        String etag = acme.etag();
        Reply first = acme.as(
                acme.owner,
                "PATCH /companies/{companyId}/settings",
                Map.of(),
                "{\"name\":\"Not Ours Renamed\"}",
                "if-match",
                etag);
        assertThat(first.status()).as("%s", first.body()).isEqualTo(200);
        loseTheNextAnswerOf("TransactWriteItems");

        Reply stale = call(
                throughProxy.settings,
                TestStack.withHeader(
                        http(
                                "PATCH /companies/{companyId}/settings",
                                Map.of("companyId", acme.id),
                                "{\"name\":\"Stale Rename\"}",
                                acme.owner),
                        "if-match",
                        etag));

        assertThat(stale.status()).as("%s", stale.body()).isEqualTo(412);
        assertThat(acme.as(acme.owner, "GET /companies/{companyId}", Map.of(), null)
                        .body()
                        .path("name")
                        .asText())
                .isEqualTo("Not Ours Renamed");
    }

    private static void loseTheNextAnswerOf(String operation) {
        proxy.loseAnswerOnce(any(anyUrl()).withHeader("X-Amz-Target", containing(operation)));
    }

    private static int sent(String operation) {
        return proxy.received(anyRequestedFor(anyUrl()).withHeader("X-Amz-Target", containing(operation)));
    }

    private static JsonNode me(User user) {
        return call(direct.settings, http("GET /me", Map.of(), null, user)).body();
    }

    private static int auditEntries(Company company) {
        List<JsonNode> entries = new ArrayList<>();
        company.as(company.owner, "GET /companies/{companyId}/audit", Map.of(), null)
                .body()
                .path("items")
                .forEach(entries::add);
        return entries.size();
    }
}
