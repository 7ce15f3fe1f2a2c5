package dev.autojoin.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.adapter.ses.InvitationEmailTemplate;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.MailFeedback;
import dev.autojoin.domain.MailTags;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.OutgoingEmail;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a bounce or complaint changes, over in-memory stores; the SES/SNS side is in MailFeedbackIT. */
class RecordMailFeedbackTest {
    private static final Instant BOUNCED_AT = Instant.parse("2026-11-27T09:30:00Z");

    private final InvitationsTest.MovableClock clock =
            new InvitationsTest.MovableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores();
    private final InMemoryInvitations invitations = new InMemoryInvitations(stores);
    private final List<OutgoingEmail> outbox = new ArrayList<>();
    private final EmailSender sender = outbox::add;
    private final InvitationTemplate template = new InvitationEmailTemplate(URI.create("https://app.example.com"));
    private final InvitationLimits limits = new InvitationLimits(10, 3);
    private final Access access = new Access(stores);
    private final InvitationQueue queue = InvitationsTest.mailedAtOnce(invitations, template, sender, clock);
    private final SendInvitations send =
            new SendInvitations(access, stores, stores, invitations, queue, limits, new SecureRandom(), clock);
    private final ResendInvitation resend = new ResendInvitation(invitations, queue, limits, new SecureRandom(), clock);
    private final RecordMailFeedback feedback = new RecordMailFeedback(invitations, invitations, stores, clock);
    private final Caller alice = caller("alice-sub", "alice@acme.com");
    private final Caller hank = caller("hank-sub", "hank@globex.com");
    private String acme;
    private String globex;

    @BeforeEach
    void givenTwoCompanies() {
        acme = stores.createCompany(clock).create(alice, "Acme").id();
        globex = stores.createCompany(clock).create(hank, "Globex").id();
    }

    @Test
    void aPermanentBounce_closesTheAddressesOpenInvitationsOfEveryCompany_andSuppressesIt() {
        String fromAcme = invite(alice, acme, "dana@example.org");
        String fromGlobex = invite(hank, globex, "Dana@Example.org");
        assertThat(outbox).hasSize(2);
        assertThat(outbox.get(0).tags()).isEqualTo(MailTags.invitation(acme, fromAcme));

        RecordMailFeedback.Recorded recorded =
                feedback.record(bounce("dana@example.org", MailTags.invitation(acme, fromAcme)));

        assertThat(recorded).isEqualTo(new RecordMailFeedback.Recorded(1, 2, 0));
        assertThat(invitations.find(acme, fromAcme).orElseThrow().status()).isEqualTo(InvitationStatus.BOUNCED);
        assertThat(invitations.find(globex, fromGlobex).orElseThrow().status()).isEqualTo(InvitationStatus.BOUNCED);
        assertThat(invitations.find(acme, fromAcme).orElseThrow().sendFailure()).isEqualTo("bounce");
        assertThat(invitations.pendingFor(List.of(EmailAddress.parse("dana@example.org"))))
                .containsEntry("dana@example.org", List.of());
        assertThat(stores.audit)
                .filteredOn(e -> e.action().equals("invitation.bounced"))
                .extracting(AuditEntry::companyId)
                .containsExactlyInAnyOrder(acme, globex);
    }

    @Test
    void theSameFeedbackDeliveredAgain_changesNothing() {
        invite(alice, acme, "dana@example.org");
        feedback.record(bounce("dana@example.org", MailTags.NONE));
        int auditEntries = stores.audit.size();

        assertThat(feedback.record(bounce("dana@example.org", MailTags.NONE)))
                .isEqualTo(RecordMailFeedback.Recorded.NOTHING);
        assertThat(stores.audit).hasSize(auditEntries);
    }

    @Test
    void aTransientBounce_changesNothing() {
        String id = invite(alice, acme, "dana@example.org");
        int writes = stores.writes.get();

        RecordMailFeedback.Recorded recorded = feedback.record(new MailFeedback(
                MailFeedback.Type.TRANSIENT_BOUNCE,
                "MailboxFull",
                List.of(EmailAddress.parse("dana@example.org")),
                "ses-1",
                null,
                BOUNCED_AT,
                MailTags.NONE));

        assertThat(recorded).isEqualTo(RecordMailFeedback.Recorded.NOTHING);
        assertThat(stores.writes.get()).isEqualTo(writes);
        assertThat(invitations.find(acme, id).orElseThrow().status()).isEqualTo(InvitationStatus.PENDING);
    }

    @Test
    void aSuppressedAddress_isInvitedAsBounced_withoutAnEmail_andItsResendIsRefused() {
        feedback.record(bounce("dana@example.org", MailTags.NONE));

        SendInvitations.Result result = send.send(alice, acme, Optional.empty(), entries("dana@example.org"), false)
                .get(0);

        assertThat(result.status()).isEqualTo(SendInvitations.Status.BOUNCED);
        assertThat(result.code()).isEqualTo("address_suppressed");
        assertThat(outbox).isEmpty();
        assertThat(invitations.find(acme, result.inviteId()).orElseThrow().status())
                .isEqualTo(InvitationStatus.BOUNCED);
        assertThatThrownBy(() -> resend.resend(alice, acme, result.inviteId()))
                .isInstanceOf(ConflictException.class)
                .extracting(e -> ((ConflictException) e).code())
                .isEqualTo("invitation_bounced");
    }

    @Test
    void mailToAMember_thatBounces_flagsTheirMembershipsWithThatAddress_forTheAdmins() {
        Membership aliceAtAcme = stores.find(acme, "alice-sub").orElseThrow();
        assertThat(aliceAtAcme.mailBouncedAt()).isNull();

        RecordMailFeedback.Recorded recorded = feedback.record(
                complaint("alice@acme.com", MailTags.toMember(MailTags.JOIN_DIGEST, acme, "alice-sub")));

        assertThat(recorded.membershipsFlagged()).isEqualTo(1);
        assertThat(stores.find(acme, "alice-sub").orElseThrow().mailBouncedAt()).isEqualTo(BOUNCED_AT);
        assertThat(stores.audit)
                .filteredOn(e -> e.action().equals("member.mail_bounced"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.companyId()).isEqualTo(acme);
                    assertThat(e.target()).isEqualTo("member:alice-sub");
                    assertThat(e.after()).containsEntry("reason", "complaint").containsEntry("detail", "abuse");
                });
        assertThat(feedback.record(
                                complaint("alice@acme.com", MailTags.toMember(MailTags.JOIN_DIGEST, acme, "alice-sub")))
                        .membershipsFlagged())
                .as("flagged once")
                .isZero();
    }

    @Test
    void aUserIdTag_flagsNoMembershipWhoseAddressIsAnother() {
        RecordMailFeedback.Recorded recorded = feedback.record(
                bounce("someone@acme.com", MailTags.toMember(MailTags.DOMAIN_NOTICE, acme, "alice-sub")));

        assertThat(recorded.membershipsFlagged()).isZero();
        assertThat(stores.find(acme, "alice-sub").orElseThrow().mailBouncedAt()).isNull();
    }

    private String invite(Caller who, String companyId, String email) {
        SendInvitations.Result result = send.send(who, companyId, Optional.empty(), entries(email), false)
                .get(0);
        assertThat(result.status()).isEqualTo(SendInvitations.Status.INVITED);
        return result.inviteId();
    }

    private static MailFeedback bounce(String email, MailTags tags) {
        return new MailFeedback(
                MailFeedback.Type.PERMANENT_BOUNCE,
                "General",
                List.of(EmailAddress.parse(email)),
                "ses-1",
                "feedback-1",
                BOUNCED_AT,
                tags);
    }

    private static MailFeedback complaint(String email, MailTags tags) {
        return new MailFeedback(
                MailFeedback.Type.COMPLAINT,
                "abuse",
                List.of(EmailAddress.parse(email)),
                "ses-2",
                "feedback-2",
                BOUNCED_AT,
                tags);
    }

    private static List<SendInvitations.Entry> entries(String... emails) {
        List<SendInvitations.Entry> out = new ArrayList<>();
        for (String email : emails) {
            out.add(new SendInvitations.Entry(email, Optional.empty(), Optional.empty()));
        }
        return out;
    }

    private static Caller caller(String sub, String email) {
        return new Caller(sub, Optional.of(EmailAddress.parse(email)), true);
    }
}
