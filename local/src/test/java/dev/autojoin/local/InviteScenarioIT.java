package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.testing.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invitations over HTTP the way people meet them: an admin invites, the email lands in the outbox, the invitee opens
 * the link (as do mail scanners, with GET and HEAD) and accepts with their own sign-in.
 */
class InviteScenarioIT {

    private static final Pattern LINK = Pattern.compile("href=\"(http://[^\"]+/invites/[A-Za-z0-9_-]{43})\"");

    private final LocalApi api = LocalApi.shared();

    @BeforeAll
    static void startFromAnEmptyTable() {
        LocalApi.shared();
        Emulator.shared().resetAll(LocalStack.TABLE_NAME);
        LocalStack.invitationQueueAgain(Emulator.shared());
        Emulator.shared().verifySender(LocalStack.SENDER_EMAIL);
    }

    @Test
    void anInvitee_opensTheLinkFromTheOutbox_andJoinsByAccepting_once() {
        LocalApi.Session alice = api.signUp("alice@umbrella.io", true);
        String umbrella = createCompany(alice, "Umbrella");
        LocalApi.Session bob = api.signUp("bob@initech-invites.com", true);

        LocalApi.Reply invited = api.post(
                "/companies/" + umbrella + "/invites",
                alice.token(),
                "{\"invites\":[{\"email\":\"bob@initech-invites.com\",\"role\":\"admin\"}]}");
        assertThat(invited.status()).as(invited.body()).isEqualTo(200);
        assertThat(invited.json().path("results").get(0).path("status").asText())
                .isEqualTo("invited");

        URI link = URI.create(linkInOutbox("bob@initech-invites.com"));
        assertThat(link.getAuthority())
                .as("built from APP_BASE_URL")
                .isEqualTo(api.baseUrl().getAuthority());
        String token = link.getPath().substring(link.getPath().lastIndexOf('/') + 1);
        String logged = logsOf(() -> {
            for (int i = 0; i < 3; i++) {
                LocalApi.Reply page = api.send("GET", link.getPath(), null, null);
                LocalApi.Reply probe = api.send("HEAD", link.getPath(), null, null);
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.body()).contains("Umbrella").contains("Sign in to accept");
                assertThat(page.headers().firstValue("referrer-policy")).contains("no-referrer");
                assertThat(page.headers().firstValue("cache-control")).contains("no-store");
                assertThat(probe.status()).isEqualTo(200);
                assertThat(probe.body()).isEmpty();
            }
        });
        assertThat(logged).contains("/invites/{token}").doesNotContain(token);

        LocalApi.Reply accepted = api.post(link.getPath() + "/accept", bob.token(), null);
        LocalApi.Reply again = api.post(link.getPath() + "/accept", bob.token(), null);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().path("role").asText()).isEqualTo("admin");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asText()).isEqualTo("invitation_used");
        JsonNode companies = me(bob).path("companies");
        assertThat(companies)
                .singleElement()
                .satisfies(c -> assertThat(c.path("name").asText()).isEqualTo("Umbrella"));
    }

    @Test
    void anInvitation_expiresWhenTheLocalClockPassesItsExpiry_whileTheTokensStillWork() {
        LocalApi.Session wanda = api.signUp("wanda@wayne-invites.com", true);
        String wayne = createCompany(wanda, "Wayne");
        LocalApi.Session bruce = api.signUp("bruce@gotham-invites.com", true);
        api.post(
                "/companies/" + wayne + "/invites",
                wanda.token(),
                "{\"invites\":[{\"email\":\"bruce@gotham-invites.com\"}]}");
        URI link = URI.create(linkInOutbox("bruce@gotham-invites.com"));

        // Seven days is the default expiry; a day more and the link is dead, checked on read (TTL tidies up later).
        LocalApi.Reply moved = api.post("/_local/clock", null, "{\"advanceSeconds\":" + 8 * 24 * 3600 + "}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        LocalApi.Reply page = api.send("GET", link.getPath(), null, null);
        LocalApi.Reply accepted = api.post(link.getPath() + "/accept", bruce.token(), null);

        assertThat(page.body()).contains("expired");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(410);
        assertThat(accepted.json().path("code").asText()).isEqualTo("invitation_expired");
        assertThat(me(bruce).path("companies")).isEmpty();
    }

    @Test
    void someoneInvitedBeforeSigningUp_isInTheCompanyAtSignUp() {
        LocalApi.Session hank = api.signUp("hank@hooli.io", true);
        String hooli = createCompany(hank, "Hooli");
        api.post("/companies/" + hooli + "/invites", hank.token(), "{\"invites\":[{\"email\":\"carol@gmail.com\"}]}");

        LocalApi.Session carol = api.signUp("carol@gmail.com", true);

        assertThat(me(carol).path("companies"))
                .singleElement()
                .satisfies(c -> assertThat(c.path("name").asText()).isEqualTo("Hooli"));
    }

    @Test
    void anInvitationThatBounces_inTheOutbox_showsBounced_andTheAddressIsNotMailedAgain() {
        LocalApi.Session wendy = api.signUp("wendy@wayne-ent.io", true);
        String wayne = createCompany(wendy, "Wayne");
        api.post(
                "/companies/" + wayne + "/invites",
                wendy.token(),
                "{\"invites\":[{\"email\":\"nobody@bounces-here.com\"}]}");
        int index = lastIndexInOutbox("nobody@bounces-here.com");

        LocalApi.Reply bounced = api.post("/_local/outbox/" + index + "/bounce", null, null);

        assertThat(bounced.status()).as(bounced.body()).isEqualTo(200);
        assertThat(bounced.json().path("recorded").asInt()).isEqualTo(1);
        JsonNode listed = api.get("/companies/" + wayne + "/invites", wendy.token())
                .json()
                .path("items")
                .get(0);
        assertThat(listed.path("status").asText()).isEqualTo("bounced");
        assertThat(listed.path("bounceReason").asText()).isEqualTo("bounce");
        int mails = api.get("/_local/outbox", null).json().size();
        LocalApi.Reply again = api.post(
                "/companies/" + wayne + "/invites",
                wendy.token(),
                "{\"invites\":[{\"email\":\"nobody@bounces-here.com\"}]}");
        assertThat(again.json().path("results").get(0).path("status").asText()).isEqualTo("bounced");
        assertThat(api.get("/_local/outbox", null).json().size()).isEqualTo(mails);
        assertThat(api.post("/_local/outbox/99999/bounce", null, null).status()).isEqualTo(404);
    }

    private int lastIndexInOutbox(String to) {
        JsonNode outbox = outboxWithMailTo(to);
        int found = -1;
        for (int i = 0; i < outbox.size(); i++) {
            if (outbox.get(i).path("to").toString().contains(to)) {
                found = i;
            }
        }
        assertThat(found).as("an email to %s in the outbox", to).isNotNegative();
        return found;
    }

    /** What the stack printed (function logs, access log) while {@code action} ran. */
    private static String logsOf(Runnable action) {
        PrintStream console = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(console);
        }
        return logs.toString(StandardCharsets.UTF_8);
    }

    /**
     * The outbox once it holds an email to {@code to}: the invites route queues the email, and the stack's sender
     * function mails it within a moment (at most 10 s are waited).
     */
    private JsonNode outboxWithMailTo(String to) {
        long giveUp = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonNode outbox = api.get("/_local/outbox", null).json();
            if (outbox.toString().contains(to) || System.nanoTime() > giveUp) {
                return outbox;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outbox;
            }
        }
    }

    private String linkInOutbox(String to) {
        String link = null;
        for (JsonNode email : outboxWithMailTo(to)) {
            if (email.path("to").toString().contains(to)) {
                Matcher found = LINK.matcher(email.path("html").asText());
                if (found.find()) {
                    link = found.group(1);
                }
            }
        }
        assertThat(link).as("a link in the email to %s", to).isNotNull();
        return link;
    }

    private String createCompany(LocalApi.Session owner, String name) {
        LocalApi.Reply created = api.post("/companies", owner.token(), "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private JsonNode me(LocalApi.Session user) {
        LocalApi.Reply me = api.get("/me", user.token());
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        return me.json();
    }
}
