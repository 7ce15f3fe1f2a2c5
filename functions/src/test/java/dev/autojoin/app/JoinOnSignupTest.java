package dev.autojoin.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.MailDomainPolicy;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.SuggestionStatus;
import dev.autojoin.domain.VerificationMethod;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JoinOnSignupTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStores stores = new InMemoryStores();
    private final InMemoryInvitations invitations = new InMemoryInvitations(stores);
    private final MailDomainPolicy policy = MailDomainPolicy.bundled();
    private final Access access = new Access(stores);
    private final JoinOnSignup join = new JoinOnSignup(stores, stores, stores, invitations, invitations, policy, clock);
    private final ShowMe showMe = new ShowMe(stores, join, stores);
    private String acmeId;

    @BeforeEach
    void givenAcmeWithAVerifiedDomain() {
        Caller alice = caller("alice-sub", "alice@acme.com");
        Company acme = stores.createCompany(clock).create(alice, "Acme");
        acmeId = acme.id();
        new ClaimDomain(
                        access,
                        stores,
                        policy,
                        null,
                        email -> {},
                        "http://app",
                        VerificationRules.defaults(),
                        (s, k, l, w) -> true,
                        clock)
                .claim(alice, acmeId, "acme.com", VerificationMethod.EMAIL, Optional.empty());
        stores.resetCounts();
    }

    @Test
    void autoJoin_createsMembershipWithDomainDefaults_inOneReadAndOneWrite() {
        enroll(Enrollment.AUTO_JOIN);

        JoinOnSignup.Result result = join.join("bob-sub", "bob@acme.com", true);

        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.JOINED);
        Membership bob = stores.memberships.get(acmeId + "/bob-sub");
        assertThat(bob.role()).isEqualTo(Role.MEMBER);
        assertThat(bob.permissions()).as("least privilege: no company flag").isEmpty();
        assertThat(bob.provenance().type()).isEqualTo(ProvenanceType.AUTO_JOIN);
        assertThat(bob.provenance().domain().value()).isEqualTo("acme.com");
        assertThat(bob.companyName()).isEqualTo("Acme");
        assertThat(stores.reads.get()).isEqualTo(1);
        assertThat(stores.writes.get()).isEqualTo(1);
        assertThat(stores.audit).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("member.auto_joined");
            assertThat(entry.actor().type()).isEqualTo(dev.autojoin.domain.Actor.Type.POLICY);
            assertThat(entry.after()).containsEntry("domain", "acme.com");
        });
    }

    @Test
    void autoJoin_isLeftForMe_whenTheTriggersTimeIsSpent_andMeMakesIt() {
        enroll(Enrollment.AUTO_JOIN);
        Deadline spent = Deadline.after(java.time.Duration.ZERO, java.time.Duration.ofMillis(1));

        JoinOnSignup.Result result = join.join("bob-sub", "bob@acme.com", true, spent);

        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.DEFERRED);
        assertThat(result.deferred()).isTrue();
        assertThat(stores.reads.get()).isEqualTo(1);
        assertThat(stores.writes.get()).isZero();
        assertThat(stores.memberships).doesNotContainKey(acmeId + "/bob-sub");

        showMe.show(caller("bob-sub", "bob@acme.com"));

        assertThat(stores.memberships).containsKey(acmeId + "/bob-sub");
    }

    @Test
    void aDeadlineWithTimeLeft_changesNothing() {
        enroll(Enrollment.AUTO_JOIN);

        JoinOnSignup.Result result = join.join(
                "bob-sub",
                "bob@acme.com",
                true,
                Deadline.after(java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(2)));

        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.JOINED);
        assertThat(result.deferred()).isFalse();
    }

    @Test
    void autoJoin_isIdempotent_whenTheTriggerIsDeliveredAgain() {
        enroll(Enrollment.AUTO_JOIN);

        join.join("bob-sub", "bob@acme.com", true);
        JoinOnSignup.Result again = join.join("bob-sub", "bob@acme.com", true);

        assertThat(again.outcome()).isEqualTo(JoinOnSignup.Outcome.ALREADY_MEMBER);
        assertThat(stores.memberships.keySet().stream().filter(k -> k.endsWith("/bob-sub")))
                .hasSize(1);
    }

    @Test
    void autoJoin_isSkipped_whenEmailIsNotVerified() {
        enroll(Enrollment.AUTO_JOIN);

        JoinOnSignup.Result result = join.join("bob-sub", "bob@acme.com", false);

        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.IGNORED_UNVERIFIED);
        assertThat(stores.reads.get() + stores.writes.get()).isZero();
    }

    @Test
    void freeMail_costsOneRead_forTheInvitationsAddressedToIt() {
        JoinOnSignup.Result result = join.join("carol-sub", "carol@gmail.com", true);

        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.NOT_A_COMPANY_DOMAIN);
        assertThat(stores.reads.get()).isEqualTo(1);
        assertThat(stores.writes.get()).isZero();
    }

    @Test
    void unmatchedDomain_costsOneRead() {
        JoinOnSignup.Result result = join.join("dan-sub", "dan@initech.com", true);

        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.NO_MATCH);
        assertThat(stores.reads.get()).isEqualTo(1);
        assertThat(stores.writes.get()).isZero();
    }

    @Test
    void enrollmentOff_joinsNobody() {
        JoinOnSignup.Result result = join.join("bob-sub", "bob@acme.com", true);

        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.ENROLLMENT_OFF);
        assertThat(stores.memberships).doesNotContainKey(acmeId + "/bob-sub");
    }

    @Test
    void suggest_recordsASuggestion_thatMeShowsByName() {
        enroll(Enrollment.SUGGEST);

        JoinOnSignup.Result result = join.join("bob-sub", "bob@acme.com", true);
        ShowMe.Me me = showMe.show(caller("bob-sub", "bob@acme.com"));

        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.SUGGESTED);
        assertThat(me.companies()).isEmpty();
        assertThat(me.suggestions()).singleElement().satisfies(s -> {
            assertThat(s.companyName()).isEqualTo("Acme");
            assertThat(s.requested()).isFalse();
        });
    }

    @Test
    void subdomains_joinOnlyWhenOptedIn_andOnlyAtADotBoundary() {
        enroll(Enrollment.AUTO_JOIN);

        assertThat(join.join("e1", "eve@eng.acme.com", true).outcome()).isEqualTo(JoinOnSignup.Outcome.NO_MATCH);
        ConfigureDomain.Changes subdomains = new ConfigureDomain.Changes(
                Optional.empty(),
                Optional.of(true),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        // Alice's mailbox proved acme.com (affiliation): one mailbox does not speak for every host under it.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfigureDomain(access, stores, stores, clock)
                        .configure(
                                caller("alice-sub", "alice@acme.com"),
                                acmeId,
                                "acme.com",
                                subdomains,
                                java.util.OptionalLong.empty()))
                .hasMessageContaining("DNS");
        DomainName acme = DomainName.parse("acme.com");
        stores.domains.put(
                acme, stores.domains.get(acme).provenBy(VerificationMethod.DNS, clock.instant(), clock.instant()));

        new ConfigureDomain(access, stores, stores, clock)
                .configure(
                        caller("alice-sub", "alice@acme.com"),
                        acmeId,
                        "acme.com",
                        new ConfigureDomain.Changes(
                                Optional.empty(),
                                Optional.of(true),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()),
                        java.util.OptionalLong.empty());
        assertThat(join.join("e1", "eve@eng.acme.com", true).outcome()).isEqualTo(JoinOnSignup.Outcome.JOINED);
        assertThat(join.join("n1", "nat@notacme.com", true).outcome()).isEqualTo(JoinOnSignup.Outcome.NO_MATCH);
    }

    @Test
    void me_repairsAMissedAutoJoin_inTwoReadsAndOneWrite() {
        enroll(Enrollment.AUTO_JOIN);
        stores.resetCounts();

        ShowMe.Me me = showMe.show(caller("bob-sub", "bob@acme.com"));

        assertThat(me.companies()).singleElement().satisfies(m -> assertThat(m.companyId())
                .isEqualTo(acmeId));
        assertThat(stores.writes.get()).isEqualTo(1);
        assertThat(stores.reads.get()).isEqualTo(2);
    }

    @Test
    void me_readsTwice_whenNothingNeedsRepair() {
        enroll(Enrollment.AUTO_JOIN);
        join.join("bob-sub", "bob@acme.com", true);
        stores.resetCounts();

        ShowMe.Me me = showMe.show(caller("bob-sub", "bob@acme.com"));

        assertThat(me.companies()).hasSize(1);
        assertThat(stores.reads.get()).isEqualTo(2);
        assertThat(stores.writes.get()).isZero();
    }

    @Test
    void suggest_offersNothing_toAnAddressAnAdminRemoved_andMeHidesItsMarker() {
        enroll(Enrollment.SUGGEST);
        stores.removals.put(acmeId + "/bob@acme.com", "old-bob-sub");

        JoinOnSignup.Result result = join.join("bob-sub", "Bob@Acme.com", true);
        ShowMe.Me me = showMe.show(caller("bob-sub", "bob@acme.com"));

        assertThat(result.outcome()).isEqualTo(JoinOnSignup.Outcome.REMOVED_BY_ADMIN);
        assertThat(stores.suggestions.get(acmeId + "/bob-sub").status()).isEqualTo(SuggestionStatus.REMOVED);
        assertThat(me.suggestions()).isEmpty();
    }

    @Test
    void me_offersASuggestion_onlyWhileTheDomainIsInSuggestMode_showingTheModeInForce() {
        enroll(Enrollment.SUGGEST);
        join.join("bob-sub", "bob@acme.com", true);

        enroll(Enrollment.OFF);
        ShowMe.Me inOff = showMe.show(caller("bob-sub", "bob@acme.com"));
        enroll(Enrollment.SUGGEST);
        ShowMe.Me inSuggest = showMe.show(caller("bob-sub", "bob@acme.com"));

        assertThat(inOff.suggestions()).isEmpty();
        assertThat(inOff.companies()).isEmpty();
        assertThat(inSuggest.suggestions()).singleElement().satisfies(s -> assertThat(s.enrollment())
                .isEqualTo(Enrollment.SUGGEST));
    }

    @Test
    void someoneShownTheCompanyWhoNeverAsked_joinsOnMe_onceTheDomainAutoJoins() {
        enroll(Enrollment.SUGGEST);
        join.join("bob-sub", "bob@acme.com", true);

        enroll(Enrollment.AUTO_JOIN);
        ShowMe.Me bob = showMe.show(caller("bob-sub", "bob@acme.com"));

        assertThat(bob.companies()).singleElement().satisfies(m -> {
            assertThat(m.companyId()).isEqualTo(acmeId);
            assertThat(m.provenance().type()).isEqualTo(ProvenanceType.AUTO_JOIN);
        });
        assertThat(bob.suggestions()).isEmpty();
        assertThat(stores.writes.get()).isEqualTo(1);
    }

    private void enroll(Enrollment enrollment) {
        new ConfigureDomain(access, stores, stores, clock)
                .configure(
                        caller("alice-sub", "alice@acme.com"),
                        acmeId,
                        "acme.com",
                        new ConfigureDomain.Changes(
                                Optional.of(enrollment),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()),
                        java.util.OptionalLong.empty());
        stores.resetCounts();
    }

    static Caller caller(String sub, String email) {
        return new Caller(sub, Optional.of(EmailAddress.parse(email)), true);
    }
}
