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
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An invitation grants only what a current holder could grant: an admin's invitation to make someone admin is
 * refused at accept (by link, 409 {@code inviter_lost_authority}; at sign-up, not accepted) once its inviter was
 * removed or demoted, and honoured while they still hold it.
 */
@ExtendWith(EmulatorExtension.class)
class InviterAuthorityIT {
    private Emulator emulator;
    private TestStack stack;
    private Company company;
    private String domain;

    @BeforeEach
    void givenACompanyWithAnAdmin(Emulator emulator) {
        this.emulator = emulator;
        stack = new TestStack(emulator);
        domain = "authority-" + UUID.randomUUID().toString().substring(0, 6) + ".com";
        company = Company.create(stack, "AuthorityCo", User.verified("owner@" + domain))
                .withDomain(domain, "auto_join");
    }

    @Test
    void aRemovedAdminsInvitation_toMakeSomeoneAdmin_isRefused_byLinkAndAtSignUp() {
        String token = carolInvitesTwoAdmins_thenIsRemoved();

        Reply accepted = accept(token, new User(UUID.randomUUID().toString(), byLink, true));
        User signedUp = signUp(atSignUp);

        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(409);
        assertThat(accepted.body().path("code").asText()).isEqualTo("inviter_lost_authority");
        assertThat(company.memberOf(signedUp)).isFalse();
    }

    @Test
    void theAdminsAreToldOnce_inTheirDigest_neverByMailFromTheTrigger() {
        String token = carolInvitesTwoAdmins_thenIsRemoved();
        TestStack.schedule(stack.housekeeping, "eventbridge-scheduled.json"); // the digest of Carol's joining
        int mailedBefore = mailTo(company.owner.email()).size();

        User invitee = new User(UUID.randomUUID().toString(), byLink, true);
        accept(token, invitee);
        accept(token, invitee); // trying again tells nobody twice
        User signedUp = signUp(atSignUp);
        int mailedBeforeTheDigest = mailTo(company.owner.email()).size();
        TestStack.schedule(stack.housekeeping, "eventbridge-scheduled.json");

        assertThat(mailedBeforeTheDigest)
                .as("no mail from the accept nor the trigger")
                .isEqualTo(mailedBefore);
        List<Emulator.SentEmail> digests = mailTo(company.owner.email())
                .subList(mailedBefore, mailTo(company.owner.email()).size());
        assertThat(digests).hasSize(1);
        assertThat(digests.get(0).subject()).isEqualTo("2 invitations could not be accepted at a company you manage");
        assertThat(digests.get(0).text())
                .contains(byLink, atSignUp, "can no longer grant its role", "/companies/" + company.id + "/invites");
        JsonNode audit = company.as(company.owner, "GET /companies/{companyId}/audit", Map.of(), null)
                .body()
                .path("items");
        List<String> refusals = new ArrayList<>();
        audit.forEach(entry -> {
            if (entry.path("action").asText().equals("invitation.refused")) {
                refusals.add(entry.path("after").path("via").asText() + " "
                        + entry.path("after").path("email").asText() + " "
                        + entry.path("after").path("reason").asText());
            }
        });
        assertThat(refusals)
                .containsExactlyInAnyOrder(
                        "link " + byLink + " inviter_lost_authority", "signup " + atSignUp + " inviter_lost_authority");
        assertThat(signedUp.sub()).isNotBlank();
        TestStack.schedule(stack.housekeeping, "eventbridge-scheduled.json");
        assertThat(mailTo(company.owner.email())).as("nothing left to tell").hasSize(mailedBefore + 1);
    }

    private List<Emulator.SentEmail> mailTo(String address) {
        stack.mailInvitations();
        return emulator.sentEmails().stream()
                .filter(e -> e.to().contains(address))
                .toList();
    }

    @Test
    void aDemotedAdminsInvitation_toMakeSomeoneAdmin_isRefused() {
        User dave = company.member("dave@" + domain, "admin");
        String address = "dave.alt@elsewhere-authority.io";
        invite(dave, address);
        String token = stack.lastLinkTo(TestStack.INVITE_LINK, address);
        removeOrDemote(dave, false);

        Reply accepted = accept(token, new User(UUID.randomUUID().toString(), address, true));

        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(409);
        assertThat(accepted.body().path("code").asText()).isEqualTo("inviter_lost_authority");
    }

    @Test
    void anAdminWhoStillHoldsTheRole_bringsTheirInviteeInAsAdmin() {
        User erin = company.member("erin@" + domain, "admin");
        String address = "erin.alt@elsewhere-authority.io";
        invite(erin, address);
        String token = stack.lastLinkTo(TestStack.INVITE_LINK, address);

        Reply accepted = accept(token, new User(UUID.randomUUID().toString(), address, true));

        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(200);
        assertThat(accepted.body().path("role").asText()).isEqualTo("admin");
    }

    private final String byLink = "carol.alt@elsewhere-authority.io";
    private final String atSignUp = "carol.other@elsewhere-authority.io";

    /** Admin Carol invites {@link #byLink} and {@link #atSignUp} as admins; the owner removes her. Her link's token. */
    private String carolInvitesTwoAdmins_thenIsRemoved() {
        User carol = company.member("carol@" + domain, "admin");
        invite(carol, byLink);
        invite(carol, atSignUp);
        String token = stack.lastLinkTo(TestStack.INVITE_LINK, byLink);
        removeOrDemote(carol, true);
        return token;
    }

    private void invite(User by, String address) {
        Reply sent = company.as(
                by,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"" + address + "\",\"role\":\"admin\",\"permissions\":[]}]}");
        assertThat(sent.body().path("results").get(0).path("status").asText())
                .as("%s", sent.body())
                .isEqualTo("invited");
    }

    private void removeOrDemote(User admin, boolean remove) {
        Reply done = remove
                ? company.as(
                        company.owner,
                        "DELETE /companies/{companyId}/members/{userId}",
                        Map.of("userId", admin.sub()),
                        null)
                : company.as(
                        company.owner,
                        "PATCH /companies/{companyId}/members/{userId}",
                        Map.of("userId", admin.sub()),
                        "{\"role\":\"member\"}");
        assertThat(done.status()).as("%s", done.body()).isIn(200, 204);
    }

    private Reply accept(String token, User invitee) {
        return call(stack.invites, sample("http-post-invite-accept.json", Map.of("token", token), null, invitee));
    }

    private User signUp(String address) {
        User user = new User(UUID.randomUUID().toString(), address, true);
        TestStack.invoke(stack.postSignup, TestStack.cognitoSignup(user.sub(), address, "true"));
        call(stack.settings, http("GET /me", Map.of(), null, user));
        return user;
    }
}
