package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.testing.Emulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product driven over HTTP the way the web app drives it: sign-ups through the local identity provider (which
 * fires the Post confirmation trigger), then the HTTP API with the ID token. Each scenario owns its domains.
 */
class ScenarioIT {

    private final LocalApi api = LocalApi.shared();

    @BeforeAll
    static void startFromAnEmptyTable() {
        LocalApi.shared();
        Emulator.shared().resetAll(LocalStack.TABLE_NAME);
        LocalStack.invitationQueueAgain(Emulator.shared());
        Emulator.shared().verifySender(LocalStack.SENDER_EMAIL);
    }

    @Test
    void coworker_joinsAtSignup_whenTheCompanyVerifiedTheDomainAndTurnedAutoJoinOn() {
        LocalApi.Session alice = api.signUp("alice@acme.com", true);
        String acme = createCompany(alice, "Acme");

        JsonNode claim = claimDomainByEmail(alice, acme, "acme.com");
        // Alice's own verified email is at acme.com: affiliation is proven on the spot.
        assertThat(claim.path("status").asText()).isEqualTo("verified");
        assertThat(claim.path("method").asText()).isEqualTo("affiliation");
        setEnrollment(alice, acme, "acme.com", "auto_join");

        LocalApi.Session bob = api.signUp("bob@acme.com", true);

        // The trigger itself made the membership: read it before Bob's own GET /me, which would repair a missed one.
        LocalApi.Reply members = api.get("/companies/" + acme + "/members", alice.token());
        assertThat(members.status()).as(members.body()).isEqualTo(200);
        assertThat(members.json().path("items").findValuesAsText("userId")).contains(bob.sub());
        members.json().path("items").forEach(member -> {
            if (member.path("userId").asText().equals(bob.sub())) {
                assertThat(member.path("provenance").path("type").asText()).isEqualTo("auto_join");
                assertThat(member.path("provenance").path("domain").asText()).isEqualTo("acme.com");
            }
        });

        JsonNode bobsCompanies = me(bob).path("companies");
        assertThat(bobsCompanies).hasSize(1);
        assertThat(bobsCompanies.get(0).path("id").asText()).isEqualTo(acme);
        assertThat(bobsCompanies.get(0).path("name").asText()).isEqualTo("Acme");
        assertThat(bobsCompanies.get(0).path("role").asText()).isEqualTo("member");

        LocalApi.Reply discovery = api.get("/discovery?email=carol@acme.com", null);
        assertThat(discovery.status()).as(discovery.body()).isEqualTo(200);
        assertThat(discovery.json().path("domain").asText()).isEqualTo("acme.com");
        assertThat(discovery.json().path("hasCompany").asBoolean()).isTrue();
        assertThat(discovery.json().path("enrollment").asText()).isEqualTo("auto_join");

        LocalApi.Session dave = api.signUp("dave@acme.com", false);

        assertThat(me(dave).path("companies")).isEmpty();
    }

    @Test
    void coworker_seesTheCompanyAsASuggestion_whenTheDomainIsInSuggestMode() {
        LocalApi.Session hank = api.signUp("hank@globex.com", true);
        String globex = createCompany(hank, "Globex");
        claimDomainByEmail(hank, globex, "globex.com");
        setEnrollment(hank, globex, "globex.com", "suggest");

        LocalApi.Session ivy = api.signUp("ivy@globex.com", true);

        JsonNode me = me(ivy);
        assertThat(me.path("companies")).isEmpty();
        assertThat(me.path("suggestions")).hasSize(1);
        assertThat(me.path("suggestions").get(0).path("companyId").asText()).isEqualTo(globex);
        assertThat(me.path("suggestions").get(0).path("name").asText()).isEqualTo("Globex");
        assertThat(me.path("suggestions").get(0).path("enrollment").asText()).isEqualTo("suggest");
    }

    @Test
    void freeMailUser_getsNoCompanyAndNoSuggestion() {
        LocalApi.Session gina = api.signUp("gina@gmail.com", true);

        JsonNode me = me(gina);
        assertThat(me.path("user").path("sub").asText()).isEqualTo(gina.sub());
        assertThat(me.path("companies")).isEmpty();
        assertThat(me.path("suggestions")).isEmpty();
    }

    @Test
    void admin_provesOwnershipByDns_publishedInTheLocalDnsServer_andCoworkersThenJoin() {
        LocalApi.Session olga = api.signUp("olga@consultancy.io", true);
        String oscar = createCompany(olga, "Oscar");

        LocalApi.Reply claimed = api.post(
                "/companies/" + oscar + "/domains", olga.token(), "{\"domain\":\"oscar-dns.com\",\"method\":\"dns\"}");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(201);
        JsonNode record = claimed.json().path("dnsRecord");
        assertThat(record.path("name").asText()).isEqualTo("_autojoin-challenge.oscar-dns.com");
        String check = "/companies/" + oscar + "/domains/oscar-dns.com/check";
        LocalApi.Reply early = api.post(check, olga.token(), null);
        assertThat(early.status()).as(early.body()).isEqualTo(200);
        assertThat(early.json().path("status").asText()).isEqualTo("pending");
        assertThat(early.json().path("checkResult").asText()).isEqualTo("record_missing");

        LocalApi.Reply published = api.post(
                "/_local/dns/txt",
                null,
                LocalApi.JSON
                        .createObjectNode()
                        .put("name", record.path("name").asText())
                        .set(
                                "values",
                                LocalApi.JSON
                                        .createArrayNode()
                                        .add("v=spf1 -all")
                                        .add(record.path("value").asText()))
                        .toString());
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        LocalApi.Reply verified = api.post(check, olga.token(), null);

        assertThat(verified.json().path("status").asText()).isEqualTo("verified");
        assertThat(verified.json().path("method").asText()).isEqualTo("dns");
        setEnrollment(olga, oscar, "oscar-dns.com", "auto_join");
        LocalApi.Session pia = api.signUp("pia@oscar-dns.com", true);
        assertThat(me(pia).path("companies").get(0).path("name").asText()).isEqualTo("Oscar");
        LocalApi.Reply recheck = api.send(
                "POST",
                "/_local/invoke/DomainRecheckFunction",
                null,
                "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"detail\":{}}");
        assertThat(recheck.status()).as(recheck.body()).isEqualTo(200);
        assertThat(recheck.json().has("checked")).isTrue();
    }

    @Test
    void admins_manageMembersSettingsAndRequests_andAreToldInOneDigest() throws Exception {
        LocalApi.Session alice = api.signUp("alice@initrode-scenario.com", true);
        String initech = createCompany(alice, "Initech");
        claimDomainByEmail(alice, initech, "initrode-scenario.com");
        setEnrollment(alice, initech, "initrode-scenario.com", "auto_join");
        LocalApi.Session bob = api.signUp("bob@initrode-scenario.com", true);
        LocalApi.Session carol = api.signUp("carol@initrode-scenario.com", true);
        String members = "/companies/" + initech + "/members";

        JsonNode listed = api.get(members, alice.token()).json();
        assertThat(listed.path("items")).hasSize(3);
        LocalApi.Reply promoted = api.patch(members + "/" + bob.sub(), alice.token(), "{\"role\":\"admin\"}");
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(api.get(members, carol.token()).body())
                .contains("a***@initrode-scenario.com")
                .doesNotContain("alice@");

        String settings = "/companies/" + initech + "/settings";
        assertThat(api.send("PATCH", settings, "Bearer " + alice.token(), "{\"name\":\"Initech Corp\"}")
                        .status())
                .isEqualTo(428);
        String etag = api.get("/companies/" + initech, alice.token())
                .headers()
                .firstValue("etag")
                .orElseThrow();
        LocalApi.Reply renamed = api.send(
                "PATCH", settings, "Bearer " + alice.token(), "{\"name\":\"Initech Corp\"}", Map.of("If-Match", etag));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(me(carol).path("companies").get(0).path("name").asText()).isEqualTo("Initech Corp");

        // Bob, now an admin, removes Carol; a later sign-up with her address is not auto-joined.
        assertThat(api.delete(members + "/" + carol.sub(), bob.token()).status())
                .isEqualTo(204);
        assertThat(me(carol).path("companies")).isEmpty();
        String laterSignup = LocalApi.JSON
                .readTree(java.nio.file.Files.readString(dev.autojoin.testing.TableFromTemplate.findRepoRoot()
                        .orElseThrow()
                        .resolve("events/cognito-post-confirmation-signup.json")))
                .toString()
                .replace("bob@acme.com", "Carol@initrode-scenario.com")
                .replace(
                        "48928e30-79ba-4fcc-8ff4-c2f593fdba16",
                        java.util.UUID.randomUUID().toString());
        assertThat(api.post("/_local/invoke/PostSignupFunction", null, laterSignup)
                        .status())
                .isEqualTo(200);
        assertThat(api.get(members, alice.token()).json().path("items")).hasSize(2);

        setEnrollment(alice, initech, "initrode-scenario.com", "suggest");
        LocalApi.Session dave = api.signUp("dave@initrode-scenario.com", true);
        LocalApi.Reply asked = api.post("/companies/" + initech + "/join-requests", dave.token(), null);
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        assertThat(api.get("/companies/" + initech + "/join-requests", bob.token())
                        .json()
                        .path("items"))
                .hasSize(1);
        LocalApi.Reply approved =
                api.post("/companies/" + initech + "/join-requests/" + dave.sub() + "/approve", bob.token(), null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(me(dave).path("companies").get(0).path("name").asText()).isEqualTo("Initech Corp");

        JsonNode audit = api.get("/companies/" + initech + "/audit?limit=200", alice.token())
                .json();
        assertThat(audit.path("items").findValuesAsText("action"))
                .contains(
                        "join_request.approved",
                        "join_request.created",
                        "member.removed",
                        "settings.updated",
                        "member.updated",
                        "member.auto_joined");

        String scheduled = java.nio.file.Files.readString(dev.autojoin.testing.TableFromTemplate.findRepoRoot()
                .orElseThrow()
                .resolve("events/eventbridge-scheduled.json"));
        LocalApi.Reply run = api.post("/_local/invoke/HousekeepingFunction", null, scheduled);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        JsonNode outbox = api.get("/_local/outbox", null).json();
        List<JsonNode> digests = new ArrayList<>();
        outbox.forEach(mail -> {
            // The subject is the product's words only; the company's name is in the body, quoted.
            if (mail.path("subject").asText().endsWith("a company you manage")
                    && mail.path("html").asText().contains("\u201cInitech Corp\u201d")) {
                digests.add(mail);
            }
        });
        assertThat(digests)
                .extracting(mail -> mail.path("to").get(0).asText())
                .containsExactlyInAnyOrder("alice@initrode-scenario.com", "bob@initrode-scenario.com");
        // moto keeps only the HTML part of a message sent by the functions' own SES client.
        assertThat(digests.get(0).path("html").asText()).contains("dave@initrode-scenario.com");
    }

    private String createCompany(LocalApi.Session owner, String name) {
        LocalApi.Reply created = api.post("/companies", owner.token(), "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(id).isNotBlank();
        return id;
    }

    private JsonNode claimDomainByEmail(LocalApi.Session admin, String companyId, String domain) {
        LocalApi.Reply claimed = api.post(
                "/companies/" + companyId + "/domains",
                admin.token(),
                "{\"domain\":\"" + domain + "\",\"method\":\"email\"}");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(201);
        return claimed.json();
    }

    private void setEnrollment(LocalApi.Session admin, String companyId, String domain, String enrollment) {
        LocalApi.Reply updated = api.patch(
                "/companies/" + companyId + "/domains/" + domain,
                admin.token(),
                "{\"enrollment\":\"" + enrollment + "\"}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("enrollment").asText()).isEqualTo(enrollment);
    }

    private JsonNode me(LocalApi.Session user) {
        LocalApi.Reply me = api.get("/me", user.token());
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        return me.json();
    }
}
