package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.config.Timeouts;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import dev.autojoin.testing.MutableClock;
import dev.autojoin.testing.Rendezvous;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Races between people acting on the same thing at the same moment, through the real handlers. Real threads start
 * together; {@link Rendezvous} holds each at its write until every racer has made all its reads, the worst
 * interleaving, so only the conditions in DynamoDB decide. Each race runs {@value #ROUNDS} times, and each asserts
 * the exact answers and the exact state after it: items, index entries, audit entries, notices, emails.
 */
@ExtendWith(EmulatorExtension.class)
class RacesIT {
    static final int ROUNDS = 5;

    /** moto answers 500 to some concurrent requests (DynamoDB does not): more retries, so we measure the product. */
    private static final Timeouts EMULATOR_PATIENCE = new Timeouts(
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), 10);

    private static final String SETTINGS = "PATCH /companies/{companyId}/settings";
    private static final String DOMAIN = "PATCH /companies/{companyId}/domains/{domain}";
    private static final String MEMBER = "PATCH /companies/{companyId}/members/{userId}";
    private static final String REMOVE = "DELETE /companies/{companyId}/members/{userId}";
    private static final String REVOKE = "DELETE /companies/{companyId}/invites/{inviteId}";
    private static final String ACCEPT = "POST /invites/{token}/accept";
    private static final String APPROVE = "POST /companies/{companyId}/join-requests/{userId}/approve";
    private static final String DECLINE = "POST /companies/{companyId}/join-requests/{userId}/decline";

    private static final Rendezvous RACE = new Rendezvous();
    private static final BothReadTheOutbox DIGEST_RACE = new BothReadTheOutbox();
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    /** Which side won each race whose winner is free to vary, for docs/RELIABILITY.md. */
    private static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();

    private static Emulator emulator;
    private static TestStack stack;
    private static ExecutorService threads;

    private static Company signups;
    private static Company settings;
    private static User settingsAdmin;
    private static Company members;
    private static User membersAdmin;
    private static Company digests;
    private static User digestsAdmin;
    private static Company invites;
    private static Company requests;
    private static User requestsAdmin;

    @BeforeAll
    static void givenOneCompanyPerRace(Emulator running) {
        emulator = running;
        stack = new TestStack(
                emulator,
                emulator.endpoint().toString(),
                EMULATOR_PATIENCE,
                CLOCK,
                Map.of(),
                List.of(RACE, DIGEST_RACE));
        threads = Executors.newFixedThreadPool(4);
        signups = Company.create(stack, "Signup Races", User.verified("olga@signup-races.com"))
                .withDomain("signup-races.com", "auto_join");
        settings = Company.create(stack, "Settings Races", User.verified("sam@settings-races.com"))
                .withDomain("settings-races.com", "auto_join");
        settingsAdmin = settings.member("sid@settings-races.com", "admin");
        members = Company.create(stack, "Member Races", User.verified("mona@member-races.com"))
                .withDomain("member-races.com", "auto_join");
        membersAdmin = members.member("max@member-races.com", "admin");
        digests = Company.create(stack, "Digest Races", User.verified("dana@digest-races.com"))
                .withDomain("digest-races.com", "auto_join");
        digestsAdmin = digests.member("dirk@digest-races.com", "admin");
        invites = Company.create(stack, "Invite Races", User.verified("ida@invite-races.com"));
        requests = Company.create(stack, "Request Races", User.verified("rita@request-races.com"))
                .withDomain("request-races.com", "auto_join");
        // Approving grants the domain's defaults: the approver must hold them (an admin holds every team flag).
        requestsAdmin = requests.member("rob@request-races.com", "admin");
        requests.enrollment("request-races.com", "suggest");
        schedule();
    }

    @AfterAll
    static void stopThreads() {
        threads.shutdownNow();
        System.out.println("RacesIT outcomes " + new java.util.TreeMap<>(OUTCOMES));
    }

    // --- (1) the same sign-up, again and again -------------------------------------------------------------------

    @RepeatedTest(ROUNDS)
    void theSameSignupDeliveredThreeTimesAtOnce_andAgainAMinuteLater_isOneMembershipOneAuditEntryOneDigest(
            RepetitionInfo round) throws Exception {
        User person = new User(
                UUID.randomUUID().toString(), "joiner" + round.getCurrentRepetition() + "@signup-races.com", true);
        byte[] event = TestStack.cognitoSignup(person.sub(), person.email(), "true");
        int digestsBefore = sentTo(signups.owner.email()).size();

        // Three deliveries of the trigger and the person's first GET /me (its repair path) all write at once.
        List<Object> answers = atOnce(
                () -> TestStack.invoke(stack.postSignup, event),
                () -> TestStack.invoke(stack.postSignup, event),
                () -> TestStack.invoke(stack.postSignup, event),
                () -> signups.me(person));

        assertThat(answers.subList(0, 3))
                .allSatisfy(out -> assertThat((byte[]) out).isEqualTo(event));
        assertThat(((JsonNode) answers.get(3)).path("companies"))
                .singleElement()
                .satisfies(c -> assertThat(c.path("id").asText()).isEqualTo(signups.id));
        assertJoinedOnce(person, 1);

        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(TestStack.invoke(stack.postSignup, event)).isEqualTo(event);
        assertJoinedOnce(person, 1);

        JsonNode run = schedule();
        List<Emulator.SentEmail> digests = sentTo(signups.owner.email());
        assertThat(digests).hasSize(digestsBefore + 1);
        Emulator.SentEmail digest = digests.get(digestsBefore);
        assertThat(digest.subject()).isEqualTo("1 person joined a company you manage");
        assertThat(occurrences(digest.text(), person.email())).isEqualTo(1);
        assertThat(run.path("emailFailures").asInt()).isZero();
        assertJoinedOnce(person, 0);

        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(TestStack.invoke(stack.postSignup, event)).isEqualTo(event);
        schedule();
        assertThat(sentTo(signups.owner.email())).hasSize(digestsBefore + 1);
        assertJoinedOnce(person, 0);
    }

    /** One membership (and its one user-index entry), one audit entry, and {@code notices} notices waiting. */
    private static void assertJoinedOnce(User person, int notices) {
        assertThat(item("COMPANY#" + signups.id, "MEMBER#" + person.sub())).isPresent();
        assertThat(userIndex(person.sub(), signups.id)).hasSize(1);
        assertThat(audits(signups.id, "member.auto_joined", "member:" + person.sub()))
                .isEqualTo(1);
        assertThat(partition("COMPANY#" + signups.id, "NOTICE#").stream()
                        .filter(n -> person.sub().equals(s(n, "userId"))))
                .hasSize(notices);
    }

    /** EventBridge delivers a scheduled event at least once: two digest runs may read the same notices. */
    @RepeatedTest(ROUNDS)
    void twoDigestRunsAtOnce_sendEachManagerOneEmail(RepetitionInfo round) throws Exception {
        int r = round.getCurrentRepetition();
        schedule();
        int toOwner = sentTo(digests.owner.email()).size();
        int toAdmin = sentTo(digestsAdmin.email()).size();
        List<User> joined = List.of(
                Company.signUp(stack, "first" + r + "@digest-races.com"),
                Company.signUp(stack, "second" + r + "@digest-races.com"));

        DIGEST_RACE.expect(2);
        List<JsonNode> runs;
        try {
            runs = atOnce(0, RacesIT::schedule, RacesIT::schedule);
        } finally {
            DIGEST_RACE.disarm();
        }

        assertThat(runs.stream().mapToInt(run -> run.path("emails").asInt()).sum())
                .isEqualTo(2);
        for (String manager : List.of(digests.owner.email(), digestsAdmin.email())) {
            List<Emulator.SentEmail> got = sentTo(manager);
            assertThat(got).as("digests to %s", manager).hasSize((manager.startsWith("dana") ? toOwner : toAdmin) + 1);
            Emulator.SentEmail digest = got.get(got.size() - 1);
            assertThat(digest.subject()).isEqualTo("2 people joined a company you manage");
            joined.forEach(
                    p -> assertThat(occurrences(digest.text(), p.email())).isEqualTo(1));
        }
        assertThat(partition("COMPANY#" + digests.id, "NOTICE#")).isEmpty();
    }

    // --- (2) settings and domains with the same If-Match ---------------------------------------------------------

    @RepeatedTest(ROUNDS)
    void twoAdminsChangingTheSettingsWithTheSameIfMatch_oneWins_theOtherGets412(RepetitionInfo round) throws Exception {
        int r = round.getCurrentRepetition();
        Company co = settings;
        String etag = co.etag();
        long auditsBefore = audits(co.id, "settings.updated", "company:" + co.id);

        List<Reply> replies = atOnce(
                () -> co.as(
                        co.owner,
                        SETTINGS,
                        Map.of(),
                        "{\"name\":\"Owner Choice " + r + "\",\"notify\":\"none\",\"invitationExpiryDays\":" + r + "}",
                        "if-match",
                        etag),
                () -> co.as(
                        settingsAdmin,
                        SETTINGS,
                        Map.of(),
                        "{\"name\":\"Admin Choice " + r + "\",\"notify\":\"requests_only\","
                                + "\"invitationExpiryDays\":" + (r + 10) + "}",
                        "if-match",
                        etag));

        Reply winner = oneWinner(replies, 412, "version_conflict");
        Reply stored = co.as(co.owner, "GET /companies/{companyId}", Map.of(), null);
        assertThat(stored.body()).isEqualTo(winner.body());
        assertThat(stored.headers().get("etag")).isEqualTo(next(etag));
        assertThat(audits(co.id, "settings.updated", "company:" + co.id)).isEqualTo(auditsBefore + 1);
        // The name reached the copies on memberships too: the winner's, not the loser's.
        String name = winner.body().path("name").asText();
        assertThat(companyIn(co.me(settingsAdmin), co.id).path("name").asText()).isEqualTo(name);
        won("settings", replies.get(0) == winner ? "owner" : "admin");
    }

    @RepeatedTest(ROUNDS)
    void twoAdminsChangingTheSameDomainWithTheSameIfMatch_oneWins_theOtherGets412(RepetitionInfo round)
            throws Exception {
        boolean even = round.getCurrentRepetition() % 2 == 0;
        Company co = settings;
        String domain = "settings-races.com";
        JsonNode before = domainOf(co, domain);
        String etag = "\"" + before.path("version").asLong() + "\"";
        long auditsBefore = audits(co.id, "domain.configured", "domain:" + domain);

        List<Reply> replies = atOnce(
                () -> co.as(
                        co.owner,
                        DOMAIN,
                        Map.of("domain", domain),
                        "{\"enrollment\":\"" + (even ? "suggest" : "auto_join") + "\"}",
                        "if-match",
                        etag),
                () -> co.as(
                        settingsAdmin, DOMAIN, Map.of("domain", domain), "{\"enrollment\":\"off\"}", "if-match", etag));

        Reply winner = oneWinner(replies, 412, "version_conflict");
        assertThat(winner.headers().get("etag")).isEqualTo(next(etag));
        JsonNode stored = domainOf(co, domain);
        assertThat(stored.path("version").asLong())
                .isEqualTo(before.path("version").asLong() + 1);
        assertThat(stored.path("enrollment")).isEqualTo(winner.body().path("enrollment"));
        assertThat(audits(co.id, "domain.configured", "domain:" + domain)).isEqualTo(auditsBefore + 1);
        won("domain", replies.get(0) == winner ? "owner" : "admin");
    }

    // --- (3) two admins on one member ----------------------------------------------------------------------------

    @RepeatedTest(ROUNDS)
    void twoAdminsChangingTheSameMemberWithTheSameIfMatch_oneWins_theOtherGets412(RepetitionInfo round)
            throws Exception {
        Company co = members;
        User target = Company.signUp(stack, "if-match" + round.getCurrentRepetition() + "@member-races.com");
        JsonNode before = memberOf(co, target);
        String etag = "\"" + before.path("version").asLong() + "\"";

        List<Reply> replies = atOnce(
                () -> co.as(
                        co.owner,
                        MEMBER,
                        Map.of("userId", target.sub()),
                        "{\"permissions\":[\"invite\",\"pay\"]}",
                        "if-match",
                        etag),
                () -> co.as(
                        membersAdmin,
                        MEMBER,
                        Map.of("userId", target.sub()),
                        "{\"role\":\"admin\"}",
                        "if-match",
                        etag));

        Reply winner = oneWinner(replies, 412, "version_conflict");
        assertThat(memberOf(co, target)).isEqualTo(winner.body());
        assertThat(winner.headers().get("etag")).isEqualTo(next(etag));
        assertChangedOnce(co, target, winner.body().path("role").asText());
        won("member with If-Match", replies.get(0) == winner ? "owner" : "admin");
    }

    /** Without If-Match it is not last-writer-wins: the first write wins, the other is told to reload (409). */
    @RepeatedTest(ROUNDS)
    void twoAdminsChangingTheSameMemberWithoutIfMatch_theFirstWins_theOtherGets409(RepetitionInfo round)
            throws Exception {
        Company co = members;
        User target = Company.signUp(stack, "blind" + round.getCurrentRepetition() + "@member-races.com");

        List<Reply> replies = atOnce(
                () -> co.as(co.owner, MEMBER, Map.of("userId", target.sub()), "{\"permissions\":[\"invite\",\"pay\"]}"),
                () -> co.as(membersAdmin, MEMBER, Map.of("userId", target.sub()), "{\"role\":\"admin\"}"));

        Reply winner = oneWinner(replies, 409, "concurrent_change");
        assertThat(memberOf(co, target)).isEqualTo(winner.body());
        assertChangedOnce(co, target, winner.body().path("role").asText());
        won("member without If-Match", replies.get(0) == winner ? "owner" : "admin");
    }

    @RepeatedTest(ROUNDS)
    void aMemberRemovedWhileTheirRoleChanges_endsRemovedOrChanged_neverHalfOfEach(RepetitionInfo round)
            throws Exception {
        Company co = members;
        User target = Company.signUp(stack, "leaving" + round.getCurrentRepetition() + "@member-races.com");

        List<Reply> replies = atOnce(
                () -> co.as(co.owner, REMOVE, Map.of("userId", target.sub()), null),
                () -> co.as(membersAdmin, MEMBER, Map.of("userId", target.sub()), "{\"role\":\"admin\"}"));

        Reply removal = replies.get(0);
        Reply change = replies.get(1);
        String key = "COMPANY#" + co.id;
        Optional<Map<String, AttributeValue>> removalMark = item(key, "REMOVED#" + target.email());
        long removedEntries = audits(co.id, "member.removed", "member:" + target.sub());
        long changedEntries = audits(co.id, "member.updated", "member:" + target.sub());
        JsonNode me = co.me(target).path("companies");
        if (removal.status() == 204) {
            assertThat(change.status()).isEqualTo(409);
            assertThat(change.body().path("code").asText()).isEqualTo("concurrent_change");
            assertThat(item(key, "MEMBER#" + target.sub())).isEmpty();
            assertThat(userIndex(target.sub(), co.id)).isEmpty();
            assertThat(me).isEmpty();
            assertThat(removalMark).isPresent();
            assertThat(removedEntries).isEqualTo(1);
            assertThat(changedEntries).isZero();
            won("removal vs change", "removed");
        } else {
            assertThat(removal.status()).isEqualTo(409);
            assertThat(removal.body().path("code").asText()).isEqualTo("concurrent_change");
            assertThat(change.status()).isEqualTo(200);
            assertThat(memberOf(co, target)).isEqualTo(change.body());
            assertThat(userIndex(target.sub(), co.id)).singleElement().satisfies(m -> assertThat(s(m, "role"))
                    .isEqualTo("admin"));
            assertThat(me)
                    .singleElement()
                    .satisfies(c -> assertThat(c.path("role").asText()).isEqualTo("admin"));
            assertThat(removalMark).isEmpty();
            assertThat(removedEntries).isZero();
            assertThat(changedEntries).isEqualTo(1);
            won("removal vs change", "changed");
        }
    }

    /** The member item, its user-index entry and GET /me all say {@code role}; exactly one audit entry. */
    private static void assertChangedOnce(Company co, User target, String role) {
        assertThat(userIndex(target.sub(), co.id)).singleElement().satisfies(m -> assertThat(s(m, "role"))
                .isEqualTo(role));
        assertThat(companyIn(co.me(target), co.id).path("role").asText()).isEqualTo(role);
        assertThat(audits(co.id, "member.updated", "member:" + target.sub())).isEqualTo(1);
    }

    // --- (4) an invitation accepted while it is revoked ----------------------------------------------------------

    @RepeatedTest(ROUNDS)
    void anInvitationAcceptedWhileItIsRevoked_isEitherAcceptedOrRevoked_neverBoth(RepetitionInfo round)
            throws Exception {
        Company co = invites;
        User guest = User.verified("guest" + round.getCurrentRepetition() + "@initech-races.com");
        String inviteId = invite(co, guest.email());
        String token = InvitesIT.token(lastEmailTo(guest.email()).text());

        List<Reply> replies = atOnce(
                () -> co.as(co.owner, REVOKE, Map.of("inviteId", inviteId), null),
                () -> co.as(guest, ACCEPT, Map.of("token", token), null));

        Reply revoke = replies.get(0);
        Reply accept = replies.get(1);
        if (accept.status() == 200) {
            assertThat(revoke.status()).isEqualTo(409);
            assertThat(revoke.body().path("code").asText()).isEqualTo("invitation_used");
        } else {
            assertThat(revoke.status()).isEqualTo(204);
            assertThat(accept.status()).isEqualTo(410);
            assertThat(accept.body().path("code").asText()).isEqualTo("invitation_revoked");
        }
        assertAcceptedOrRevoked(co, guest, inviteId, accept.status() == 200);
    }

    @RepeatedTest(ROUNDS)
    void anInvitationRevokedWhileTheInviteeSignsUp_isEitherAcceptedOrRevoked_neverBoth(RepetitionInfo round)
            throws Exception {
        Company co = invites;
        User guest = User.verified("signer" + round.getCurrentRepetition() + "@initech-races.com");
        String inviteId = invite(co, guest.email());
        byte[] signup = TestStack.cognitoSignup(guest.sub(), guest.email(), "true");

        List<Object> answers = atOnce(
                () -> co.as(co.owner, REVOKE, Map.of("inviteId", inviteId), null),
                () -> TestStack.invoke(stack.postSignup, signup));

        Reply revoke = (Reply) answers.get(0);
        assertThat((byte[]) answers.get(1)).isEqualTo(signup);
        assertThat(revoke.status()).isIn(204, 409);
        assertAcceptedOrRevoked(co, guest, inviteId, revoke.status() == 409);
    }

    /** Accepted: the member, the invitation accepted, one accepted entry. Revoked: no member, one revoked entry. */
    private static void assertAcceptedOrRevoked(Company co, User guest, String inviteId, boolean accepted) {
        Map<String, AttributeValue> invitation =
                item("COMPANY#" + co.id, "INVITE#" + inviteId).orElseThrow();
        Optional<Map<String, AttributeValue>> member = item("COMPANY#" + co.id, "MEMBER#" + guest.sub());
        long acceptedEntries = audits(co.id, "invitation.accepted", "invitation:" + inviteId);
        long revokedEntries = audits(co.id, "invitation.revoked", "invitation:" + inviteId);
        // Either way the address's open-invitations entry is gone: sign-up will not try it again.
        assertThat(item("INVITEE#" + guest.email(), "PENDING").orElse(Map.of()).keySet())
                .noneMatch(name -> name.contains(inviteId));
        if (accepted) {
            assertThat(s(invitation, "status")).isEqualTo("accepted");
            assertThat(member).isPresent();
            assertThat(userIndex(guest.sub(), co.id)).hasSize(1);
            assertThat(acceptedEntries).isEqualTo(1);
            assertThat(revokedEntries).isZero();
            won("invitation", "accepted");
        } else {
            assertThat(s(invitation, "status")).isEqualTo("revoked");
            assertThat(member).isEmpty();
            assertThat(userIndex(guest.sub(), co.id)).isEmpty();
            assertThat(acceptedEntries).isZero();
            assertThat(revokedEntries).isEqualTo(1);
            won("invitation", "revoked");
        }
    }

    // --- (5) one join request, two decisions ---------------------------------------------------------------------

    @RepeatedTest(ROUNDS)
    void aJoinRequestApprovedTwiceAtOnce_isOneMembership(RepetitionInfo round) throws Exception {
        Company co = requests;
        User asker = askToJoin("twice" + round.getCurrentRepetition() + "@request-races.com");

        List<Reply> replies = atOnce(
                () -> co.as(co.owner, APPROVE, Map.of("userId", asker.sub()), null),
                () -> co.as(requestsAdmin, APPROVE, Map.of("userId", asker.sub()), null));

        Reply winner = oneWinner(replies, 409, null);
        assertThat(replies).filteredOn(r -> r.status() == 409).singleElement().satisfies(r -> assertThat(
                        r.body().path("code").asText())
                .isIn("request_not_pending", "already_member"));
        assertDecidedOnce(co, asker, true);
        assertThat(memberOf(co, asker)).isEqualTo(winner.body());
        won("approve twice", replies.get(0) == winner ? "owner" : "admin");
    }

    @RepeatedTest(ROUNDS)
    void aJoinRequestApprovedAndDeclinedAtOnce_oneDecisionWins(RepetitionInfo round) throws Exception {
        Company co = requests;
        User asker = askToJoin("either" + round.getCurrentRepetition() + "@request-races.com");

        List<Reply> replies = atOnce(
                () -> co.as(co.owner, APPROVE, Map.of("userId", asker.sub()), null),
                () -> co.as(requestsAdmin, DECLINE, Map.of("userId", asker.sub()), null));

        Reply approve = replies.get(0);
        Reply decline = replies.get(1);
        boolean approved = approve.status() == 200;
        assertThat(List.of(approve.status(), decline.status()))
                .containsExactly(approved ? 200 : 409, approved ? 409 : 200);
        assertThat((approved ? decline : approve).body().path("code").asText()).isEqualTo("request_not_pending");
        assertDecidedOnce(co, asker, approved);
        won("approve vs decline", approved ? "approved" : "declined");
    }

    private static User askToJoin(String email) {
        User asker = Company.signUp(stack, email);
        Reply asked = requests.as(asker, "POST /companies/{companyId}/join-requests", Map.of(), null);
        assertThat(asked.status()).as("request: %s", asked.body()).isEqualTo(201);
        return asker;
    }

    /** The request is closed; approved: a member, one approval entry; declined: no member, one decline entry. */
    private static void assertDecidedOnce(Company co, User asker, boolean approved) {
        assertThat(item("COMPANY#" + co.id, "REQUEST#" + asker.sub())).isEmpty();
        long approvals = audits(co.id, "join_request.approved", "member:" + asker.sub());
        long declines = audits(co.id, "join_request.declined", "join_request:" + asker.sub());
        JsonNode me = co.me(asker);
        Map<String, AttributeValue> suggestion =
                item("COMPANY#" + co.id, "SUGGEST#" + asker.sub()).orElseThrow();
        if (approved) {
            assertThat(userIndex(asker.sub(), co.id)).hasSize(1);
            assertThat(companyIn(me, co.id).path("role").asText()).isEqualTo("member");
            assertThat(s(suggestion, "status")).isEqualTo("approved");
            assertThat(approvals).isEqualTo(1);
            assertThat(declines).isZero();
        } else {
            assertThat(item("COMPANY#" + co.id, "MEMBER#" + asker.sub())).isEmpty();
            assertThat(me.path("companies")).isEmpty();
            assertThat(s(suggestion, "status")).isEqualTo("declined");
            assertThat(approvals).isZero();
            assertThat(declines).isEqualTo(1);
        }
    }

    // --- racing and reading ----------------------------------------------------------------------------------------

    /** Runs the racers on their own threads, started together; each makes exactly one transaction. */
    @SafeVarargs
    private static <T> List<T> atOnce(Callable<? extends T>... racers) throws Exception {
        return atOnce(racers.length, racers);
    }

    /** Runs the racers on their own threads, started together; {@code transactions} of them meet at their write. */
    @SafeVarargs
    private static <T> List<T> atOnce(int transactions, Callable<? extends T>... racers) throws Exception {
        if (transactions > 0) {
            RACE.expect(transactions);
        }
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<? extends T>> running = new ArrayList<>();
            for (Callable<? extends T> racer : racers) {
                running.add(threads.submit(() -> {
                    go.await();
                    return racer.call();
                }));
            }
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<? extends T> answer : running) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            RACE.disarm();
        }
    }

    /** Exactly one 200, and one {@code loserStatus} (with {@code loserCode} unless null): the 200. */
    private static Reply oneWinner(List<Reply> replies, int loserStatus, String loserCode) {
        assertThat(replies).extracting(Reply::status).containsExactlyInAnyOrder(200, loserStatus);
        Reply loser = replies.stream()
                .filter(r -> r.status() == loserStatus)
                .findFirst()
                .orElseThrow();
        if (loserCode != null) {
            assertThat(loser.body().path("code").asText()).isEqualTo(loserCode);
        }
        return replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
    }

    private static void won(String race, String side) {
        OUTCOMES.computeIfAbsent(race + ": " + side, k -> new AtomicInteger()).incrementAndGet();
    }

    private static String next(String etag) {
        return "\"" + (Long.parseLong(etag.replace("\"", "")) + 1) + "\"";
    }

    private static String invite(Company co, String email) {
        Reply invited = co.as(
                co.owner,
                "POST /companies/{companyId}/invites",
                Map.of(),
                "{\"invites\":[{\"email\":\"" + email + "\"}]}");
        JsonNode result = invited.body().path("results").get(0);
        assertThat(result.path("status").asText())
                .as("invite: %s", invited.body())
                .isEqualTo("invited");
        return result.path("inviteId").asText();
    }

    private static JsonNode memberOf(Company co, User member) {
        for (JsonNode m : co.as(co.owner, "GET /companies/{companyId}/members", Map.of(), null)
                .body()
                .path("items")) {
            if (m.path("userId").asText().equals(member.sub())) {
                return m;
            }
        }
        throw new AssertionError("not a member: " + member.email());
    }

    private static JsonNode domainOf(Company co, String domain) {
        for (JsonNode d : co.as(co.owner, "GET /companies/{companyId}/domains", Map.of(), null)
                .body()
                .path("items")) {
            if (d.path("domain").asText().equals(domain)) {
                return d;
            }
        }
        throw new AssertionError("no claim on " + domain);
    }

    private static JsonNode companyIn(JsonNode me, String companyId) {
        for (JsonNode c : me.path("companies")) {
            if (c.path("id").asText().equals(companyId)) {
                return c;
            }
        }
        throw new AssertionError("not in " + companyId + ": " + me);
    }

    private static JsonNode schedule() {
        return TestStack.schedule(stack.housekeeping, "eventbridge-scheduled.json");
    }

    private static List<Emulator.SentEmail> sentTo(String address) {
        return mailedThroughOurClients().stream()
                .filter(e -> e.to().contains(address))
                .toList();
    }

    private static Emulator.SentEmail lastEmailTo(String address) {
        List<Emulator.SentEmail> to = sentTo(address);
        assertThat(to).as("emails to %s", address).isNotEmpty();
        return to.get(to.size() - 1);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** Straight from the table, strongly consistent. */
    private static Optional<Map<String, AttributeValue>> item(String pk, String sk) {
        Map<String, AttributeValue> found = emulator.dynamoDb()
                .getItem(b -> b.tableName(EmulatorExtension.TABLE)
                        .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))
                        .consistentRead(true))
                .item();
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(found);
    }

    private static List<Map<String, AttributeValue>> partition(String pk, String skPrefix) {
        return emulator
                .dynamoDb()
                .queryPaginator(b -> b.tableName(EmulatorExtension.TABLE)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                        .expressionAttributeValues(
                                Map.of(":pk", AttributeValue.fromS(pk), ":sk", AttributeValue.fromS(skPrefix)))
                        .consistentRead(true))
                .items()
                .stream()
                .toList();
    }

    /** The person's memberships of this company as "my companies" (GSI1) lists them. */
    private static List<Map<String, AttributeValue>> userIndex(String sub, String companyId) {
        return emulator
                .dynamoDb()
                .queryPaginator(b -> b.tableName(EmulatorExtension.TABLE)
                        .indexName("GSI1")
                        .keyConditionExpression("GSI1PK = :user AND GSI1SK = :company")
                        .expressionAttributeValues(Map.of(
                                ":user", AttributeValue.fromS("USER#" + sub),
                                ":company", AttributeValue.fromS("COMPANY#" + companyId))))
                .items()
                .stream()
                .filter(i -> "member".equals(s(i, "type")))
                .toList();
    }

    private static long audits(String companyId, String action, String target) {
        return partition("COMPANY#" + companyId, "AUDIT#").stream()
                .filter(e -> action.equals(s(e, "action")) && target.equals(s(e, "target")))
                .count();
    }

    /** Holds each digest run, once it has read the outbox, until the other has read it too. */
    static final class BothReadTheOutbox implements ExecutionInterceptor {
        private volatile CyclicBarrier barrier;

        void expect(int parties) {
            barrier = new CyclicBarrier(parties);
        }

        void disarm() {
            barrier = null;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            CyclicBarrier armed = barrier;
            if (armed != null
                    && context.request() instanceof QueryRequest query
                    && query.expressionAttributeValues().containsValue(AttributeValue.fromS("NOTICE#pending"))) {
                Rendezvous.meet(armed, "the other digest run never read the outbox");
            }
        }
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
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
