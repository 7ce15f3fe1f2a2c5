package dev.autojoin.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.adapter.ses.InvitationEmailTemplate;
import dev.autojoin.domain.Actor;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.CompanySettings;
import dev.autojoin.domain.Delivery;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.EmailNotSentException;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.MailDomainPolicy;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.OutgoingEmail;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.RateLimitedException;
import dev.autojoin.domain.Role;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invitation use cases over in-memory stores: who may invite whom, limits, failures, sign-up. */
class InvitationsTest {
    private static final Pattern LINK = Pattern.compile("https://app\\.example\\.com/invites/([A-Za-z0-9_-]{43})");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores();
    private final InMemoryInvitations invitations = new InMemoryInvitations(stores);
    private final Access access = new Access(stores);
    private final List<OutgoingEmail> outbox = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final EmailSender sender = email -> {
        if (refused.contains(email.to().canonical())) {
            throw new EmailNotSentException("ses_refused:MessageRejected", null);
        }
        outbox.add(email);
    };
    private final InvitationTemplate template = new InvitationEmailTemplate(URI.create("https://app.example.com"));
    private final InvitationLimits limits = new InvitationLimits(10, 3);
    private final InvitationQueue queue = mailedAtOnce(invitations, template, sender, clock);
    private final SendInvitations send =
            new SendInvitations(access, stores, stores, invitations, queue, limits, new SecureRandom(), clock);
    private final ResendInvitation resend = new ResendInvitation(invitations, queue, limits, new SecureRandom(), clock);

    /** A queue the sender drains at once: what the request queued is mailed before it answers. */
    static InvitationQueue mailedAtOnce(
            InvitationStore invitations, InvitationTemplate template, EmailSender sender, Clock clock) {
        MailInvitation mail = new MailInvitation(
                invitations, template, sender, new SendPace(1000, clock, d -> {}), new SecureRandom(), clock);
        return messages -> {
            messages.forEach(m -> mail.mail(m.companyId(), m.inviteId(), false));
            return 0;
        };
    }

    private final AcceptInvitation accept = new AcceptInvitation(invitations, stores, stores, clock);
    private final JoinOnSignup join =
            new JoinOnSignup(stores, stores, stores, invitations, invitations, MailDomainPolicy.bundled(), clock);
    private final Caller alice = caller("alice-sub", "alice@acme.com");
    private String acme;

    @BeforeEach
    void givenAcmeOwnedByAlice() {
        acme = stores.createCompany(clock).create(alice, "Acme").id();
        stores.resetCounts();
    }

    @Test
    void anInvitation_getsTheCompanyDefaults_andAnEmailWithALinkThatAcceptsIt() {
        List<SendInvitations.Result> results =
                send.send(alice, acme, Optional.of("Alice"), entries("bob@gmail.com"), false);

        assertThat(results).singleElement().satisfies(r -> assertThat(r.status())
                .isEqualTo(SendInvitations.Status.INVITED));
        Invitation invitation = invitations.only();
        assertThat(invitation.role()).isEqualTo(Role.MEMBER);
        assertThat(invitation.permissions()).isEmpty();
        assertThat(invitation.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(outbox).singleElement().satisfies(email -> {
            assertThat(email.subject()).isEqualTo("You are invited to a company account");
            assertThat(email.text()).contains("invited you to join the company \u201cAcme\u201d as a member");
        });

        Membership bob = accept.accept(caller("bob-sub", "Bob@gmail.com"), token(outbox.get(0)));

        assertThat(bob.role()).isEqualTo(Role.MEMBER);
        assertThat(bob.provenance().type()).isEqualTo(ProvenanceType.INVITE);
        assertThat(bob.provenance().actor()).isEqualTo(Actor.user("alice-sub"));
        assertThat(invitations.only().status()).isEqualTo(InvitationStatus.ACCEPTED);
        assertThat(stores.audit).extracting(e -> e.action()).contains("invitation.created", "invitation.accepted");
    }

    @Test
    void oneResultPerAddress_inOrder_whateverBecameOfEach() {
        send.send(alice, acme, Optional.empty(), entries("carol@acme.com"), false);
        outbox.clear();

        List<SendInvitations.Result> results = send.send(
                alice,
                acme,
                Optional.empty(),
                entries("dan@acme.com", "not an address", "alice@acme.com", "Carol@acme.com", "DAN@acme.com"),
                false);

        assertThat(results)
                .extracting(SendInvitations.Result::status)
                .containsExactly(
                        SendInvitations.Status.INVITED,
                        SendInvitations.Status.INVALID_EMAIL,
                        SendInvitations.Status.ALREADY_MEMBER,
                        SendInvitations.Status.ALREADY_INVITED,
                        SendInvitations.Status.ALREADY_INVITED);
        assertThat(results.get(1).code()).isEqualTo("invalid_email");
        assertThat(results.get(4).inviteId()).isEqualTo(results.get(0).inviteId());
        assertThat(outbox).extracting(e -> e.to().value()).containsExactly("dan@acme.com");
    }

    @Test
    void aBulkInvite_writesFewTransactions_readsOncePer100Addresses_andAnswersInRequestOrder() {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            addresses.add("p" + i + "@acme.com");
        }
        SendInvitations bulk = new SendInvitations(
                access, stores, stores, invitations, queue, new InvitationLimits(100, 3), new SecureRandom(), clock);
        stores.resetCounts();

        List<SendInvitations.Result> results =
                bulk.send(alice, acme, Optional.empty(), entries(addresses.toArray(String[]::new)), false);

        assertThat(results).extracting(SendInvitations.Result::email).containsExactlyElementsOf(addresses);
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(SendInvitations.Status.INVITED));
        assertThat(outbox).hasSize(40);
        assertThat(invitations.invitations.values())
                .allSatisfy(i -> assertThat(i.delivery()).isEqualTo(Delivery.SENT));
    }

    @Test
    void nobodyGrantsMoreThanTheyHold_notEvenWhatTheCompanyDefaultsName() {
        Caller mia = member("mia", Permission.INVITE);
        defaults(Role.MEMBER, Set.of(Permission.PAY));

        assertThatThrownBy(() -> send.send(mia, acme, Optional.empty(), entries("x1@acme.com"), false))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> {
                    assertThat(e.code()).isEqualTo("cannot_grant");
                    assertThat(e.getMessage())
                            .contains("pay")
                            .contains("company's default")
                            .contains("name a role and permissions you hold");
                });
        assertThat(send.send(
                        mia,
                        acme,
                        Optional.empty(),
                        List.of(new SendInvitations.Entry("x1@acme.com", Optional.empty(), Optional.of(Set.of()))),
                        false))
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(SendInvitations.Status.INVITED));
        assertThatThrownBy(() -> send.send(
                        mia,
                        acme,
                        Optional.empty(),
                        List.of(new SendInvitations.Entry(
                                "x2@acme.com", Optional.of(Role.ADMIN), Optional.of(Set.of()))),
                        false))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> {
                    assertThat(e.code()).isEqualTo("cannot_grant");
                    assertThat(e.getMessage()).doesNotContain("default");
                });
        assertThatThrownBy(() -> send.send(
                        mia,
                        acme,
                        Optional.empty(),
                        List.of(new SendInvitations.Entry(
                                "x3@acme.com", Optional.empty(), Optional.of(Set.of(Permission.PAY)))),
                        false))
                .isInstanceOf(ForbiddenException.class);
        assertThat(invitations.only().permissions()).isEmpty();
        assertThat(outbox).hasSize(1);
    }

    /** An admin may make admins the company default; a member who may only invite still cannot mint one. */
    @Test
    void aMemberWhoMayOnlyInvite_cannotInviteWithAnAdminDefault_butMayNameARoleAndPermissionsTheyHold() {
        defaults(Role.ADMIN, Set.of());
        Caller mia = member("mia", Permission.INVITE);

        for (SendInvitations.Entry defaulted : List.of(
                new SendInvitations.Entry("mia+second@acme.com", Optional.empty(), Optional.empty()),
                new SendInvitations.Entry("mia+second@acme.com", Optional.empty(), Optional.of(Set.of())))) {
            assertThatThrownBy(() -> send.send(mia, acme, Optional.empty(), List.of(defaulted), false))
                    .isInstanceOfSatisfying(ForbiddenException.class, e -> {
                        assertThat(e.code()).isEqualTo("cannot_grant");
                        assertThat(e.getMessage()).contains("admin role").contains("company's default");
                    });
        }
        assertThat(invitations.invitations).isEmpty();
        assertThat(invitations.counts).as("no mail counted").isEmpty();
        assertThat(outbox).isEmpty();
        assertThat(stores.audit).extracting(e -> e.action()).doesNotContain("invitation.created");

        List<SendInvitations.Result> named = send.send(
                mia,
                acme,
                Optional.empty(),
                List.of(new SendInvitations.Entry(
                        "mia+second@acme.com", Optional.of(Role.MEMBER), Optional.of(Set.of()))),
                false);

        assertThat(named).singleElement().satisfies(r -> assertThat(r.status())
                .isEqualTo(SendInvitations.Status.INVITED));
        assertThat(invitations.only().role()).isEqualTo(Role.MEMBER);
        assertThat(invitations.only().permissions()).isEmpty();
        assertThat(outbox).singleElement().satisfies(email -> assertThat(email.text())
                .contains("as a member"));
    }

    @Test
    void aResend_isAGrantAgain_soAMemberCannotResendAnAdminInvitation() {
        defaults(Role.ADMIN, Set.of());
        String id = send.send(alice, acme, Optional.empty(), entries("ada@acme.com"), false)
                .get(0)
                .inviteId();
        Caller mia = member("mia", Permission.INVITE);
        outbox.clear();

        assertThatThrownBy(() -> resend.resend(mia, acme, id))
                .isInstanceOfSatisfying(
                        ForbiddenException.class, e -> assertThat(e.code()).isEqualTo("cannot_grant"));
        assertThat(outbox).isEmpty();
    }

    @Test
    void onlyAnOwnerInvitesAnOwner() {
        Caller adam = caller("adam-sub", "adam@acme.com");
        stores.memberships.put(
                acme + "/adam-sub",
                new Membership(
                        acme,
                        "Acme",
                        "adam-sub",
                        EmailAddress.parse("adam@acme.com"),
                        Role.ADMIN,
                        Set.of(),
                        new Provenance(ProvenanceType.INVITE, null, Actor.user("alice-sub"), clock.instant())));
        List<SendInvitations.Entry> owner =
                List.of(new SendInvitations.Entry("olga@acme.com", Optional.of(Role.OWNER), Optional.empty()));

        assertThatThrownBy(() -> send.send(adam, acme, Optional.empty(), owner, false))
                .isInstanceOf(ForbiddenException.class);
        assertThat(send.send(alice, acme, Optional.empty(), owner, false).get(0).status())
                .isEqualTo(SendInvitations.Status.INVITED);
    }

    @Test
    void theCompanysDailyLimit_refusesTheWholeRequest_untilMidnightUtc() {
        send.send(alice, acme, Optional.empty(), entries("a1@acme.com", "a2@acme.com", "a3@acme.com"), false);
        List<SendInvitations.Entry> eight = entries(
                "b1@acme.com",
                "b2@acme.com",
                "b3@acme.com",
                "b4@acme.com",
                "b5@acme.com",
                "b6@acme.com",
                "b7@acme.com",
                "b8@acme.com");

        assertThatThrownBy(() -> send.send(alice, acme, Optional.empty(), eight, false))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(Duration.ofHours(14).toSeconds()));
        assertThat(outbox).hasSize(3);

        clock.advance(Duration.ofHours(14));
        assertThat(send.send(alice, acme, Optional.empty(), eight, false))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(SendInvitations.Status.INVITED));
    }

    @Test
    void anAddressGetsAtMostThreeInvitationMailsADay() {
        String id = send.send(alice, acme, Optional.empty(), entries("eve@acme.com"), false)
                .get(0)
                .inviteId();
        resend.resend(alice, acme, id);
        resend.resend(alice, acme, id);

        assertThatThrownBy(() -> resend.resend(alice, acme, id)).isInstanceOf(RateLimitedException.class);
        assertThat(send.send(alice, acme, Optional.empty(), entries("eve@acme.com"), true)
                        .get(0)
                        .status())
                .isEqualTo(SendInvitations.Status.RATE_LIMITED);
        assertThat(outbox).hasSize(3);
    }

    @Test
    void aRefusedSend_isKeptAsSendFailed_andAResendRetriesIt() {
        refused.add("fay@acme.com");

        SendInvitations.Result result = send.send(alice, acme, Optional.empty(), entries("fay@acme.com"), false)
                .get(0);

        assertThat(result.status()).isEqualTo(SendInvitations.Status.INVITED);
        assertThat(invitations.only().status()).isEqualTo(InvitationStatus.SEND_FAILED);
        assertThat(invitations.only().delivery()).isEqualTo(Delivery.FAILED);
        assertThat(invitations.only().sendFailure()).isEqualTo("ses_refused:MessageRejected");
        refused.clear();

        Invitation resent = resend.resend(alice, acme, result.inviteId()).invitation();

        assertThat(resent.status()).isEqualTo(InvitationStatus.PENDING);
        assertThat(resent.sendFailure()).isNull();
        assertThat(outbox).hasSize(1);
    }

    @Test
    void signUp_acceptsTheOpenInvitations_inTheSameReadAsTheDomain_andTheInvitedRoleWins() {
        send.send(
                alice,
                acme,
                Optional.empty(),
                List.of(new SendInvitations.Entry("gus@acme.com", Optional.of(Role.ADMIN), Optional.empty())),
                false);
        stores.resetCounts();

        JoinOnSignup.Result result = join.join("gus-sub", "gus@acme.com", true);

        assertThat(result.invited()).singleElement().satisfies(m -> {
            assertThat(m.companyId()).isEqualTo(acme);
            assertThat(m.role()).isEqualTo(Role.ADMIN);
        });
        // The domain's and the invitations' one read, and the inviter's membership now (their authority).
        assertThat(stores.reads.get()).isEqualTo(2);
        assertThat(stores.writes.get()).isEqualTo(1);
        assertThat(invitations.only().status()).isEqualTo(InvitationStatus.ACCEPTED);
    }

    @Test
    void aSignUpOutOfTime_leavesTheInvitationOpen_andMeDoesNotJoinWithTheDomainsDefaultsInstead() {
        new ClaimDomain(
                        access,
                        stores,
                        MailDomainPolicy.bundled(),
                        null,
                        email -> {},
                        "http://app",
                        VerificationRules.defaults(),
                        (scope, key, limit, window) -> true,
                        clock)
                .claim(alice, acme, "acme.com", dev.autojoin.domain.VerificationMethod.EMAIL, Optional.empty());
        new ConfigureDomain(access, stores, stores, clock)
                .configure(
                        alice,
                        acme,
                        "acme.com",
                        new ConfigureDomain.Changes(
                                Optional.of(dev.autojoin.domain.Enrollment.AUTO_JOIN),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()),
                        java.util.OptionalLong.empty());
        send.send(
                alice,
                acme,
                Optional.empty(),
                List.of(new SendInvitations.Entry("gus@acme.com", Optional.of(Role.ADMIN), Optional.empty())),
                false);

        JoinOnSignup.Result result =
                join.join("gus-sub", "gus@acme.com", true, Deadline.after(Duration.ZERO, Duration.ofMillis(1)));
        ShowMe.Me me = new ShowMe(stores, join, stores).show(caller("gus-sub", "gus@acme.com"));

        assertThat(result.invitationsDeferred()).isEqualTo(1);
        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.DEFERRED);
        assertThat(me.companies()).isEmpty();
        assertThat(invitations.only().status()).isEqualTo(InvitationStatus.PENDING);
    }

    @Test
    void signUp_ignoresAnExpiredInvitation() {
        send.send(alice, acme, Optional.empty(), entries("hal@gmail.com"), false);
        clock.advance(Duration.ofDays(8));

        JoinOnSignup.Result result = join.join("hal-sub", "hal@gmail.com", true);

        assertThat(result.invited()).isEmpty();
        assertThat(stores.memberships).doesNotContainKey(acme + "/hal-sub");
    }

    /** A plain member of Acme holding exactly {@code permissions}. */
    private Caller member(String name, Permission... permissions) {
        stores.memberships.put(
                acme + "/" + name + "-sub",
                new Membership(
                        acme,
                        "Acme",
                        name + "-sub",
                        EmailAddress.parse(name + "@acme.com"),
                        Role.MEMBER,
                        permissions.length == 0 ? Set.of() : EnumSet.copyOf(List.of(permissions)),
                        new Provenance(ProvenanceType.INVITE, null, Actor.user("alice-sub"), clock.instant())));
        return caller(name + "-sub", name + "@acme.com");
    }

    /** What Acme's invitations get when they name no role or permissions. */
    private void defaults(Role role, Set<Permission> permissions) {
        Company company = stores.companies.get(acme);
        CompanySettings was = company.settings();
        stores.companies.put(
                acme,
                new Company(
                        company.id(),
                        company.name(),
                        company.version() + 1,
                        new CompanySettings(was.notifications(), was.invitationExpiryDays(), role, permissions),
                        company.createdAt(),
                        company.createdBy()));
    }

    private static List<SendInvitations.Entry> entries(String... emails) {
        List<SendInvitations.Entry> out = new ArrayList<>();
        for (String email : emails) {
            out.add(new SendInvitations.Entry(email, Optional.empty(), Optional.empty()));
        }
        return out;
    }

    private static String token(OutgoingEmail email) {
        Matcher link = LINK.matcher(email.text());
        assertThat(link.find()).as("a link in %s", email.text()).isTrue();
        return link.group(1);
    }

    private static Caller caller(String sub, String email) {
        return new Caller(sub, Optional.of(EmailAddress.parse(email)), true);
    }

    /** A clock tests move forward. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
