package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.Membership;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every key of the single table, in one place. Keys are built only from attributes that never change. */
final class Keys {
    static final String GSI1 = "GSI1";
    static final String PROFILE = "PROFILE";
    static final String CLAIM = "CLAIM";
    static final String MEMBER_PREFIX = "MEMBER#";
    static final String SUGGEST_PREFIX = "SUGGEST#";
    static final String DOMAIN_PREFIX = "DOMAIN#";
    static final String AUDIT_PREFIX = "AUDIT#";
    static final String CLAIMANT_PREFIX = "CLAIMANT#";
    static final String GSI2 = "GSI2";
    static final String RECHECK = "RECHECK";

    static final String VERIFICATION_LINK = "DVTOKEN";
    static final String REMOVED_PREFIX = "REMOVED#";
    static final String REQUEST_PREFIX = "REQUEST#";
    static final String NOTICE_PREFIX = "NOTICE#";
    /** GSI1PK of every notice not yet sent: a sparse index the digest queries instead of scanning the table. */
    static final String NOTICES_PENDING = "NOTICE#pending";
    /** SK (under COMPANY#id) of the lease a digest run holds while it sends the company's digest. */
    static final String DIGEST_LEASE = "DIGEST";

    static final String RENAME = "RENAME";
    /** GSI1PK of the companies whose new name has not reached every copy yet (sparse). */
    static final String RENAMES_PENDING = "RENAME#pending";

    static final String TEAM_PREFIX = "TEAM#";

    /** SK (under DOMAIN#domain) of the mark that a capture went on and its shadow companies are still to be told. */
    static final String CAPTURE = "CAPTURE";
    /** GSI1PK of those marks (sparse): what the schedule tells, oldest first. */
    static final String CAPTURES_PENDING = "CAPTURE#pending";

    /** SK (under COMPANY#id) saying the company's owners were told that {@code domain} is captured by another. */
    static String shadowTold(String domain) {
        return "CAPTURED#" + domain;
    }

    static final String INVITE_PREFIX = "INVITE#";
    static final String TOKEN = "TOKEN";
    static final String PENDING = "PENDING";

    private Keys() {}

    /** The Enhanced Client's key of a whole partition (a query's). */
    static Key of(String pk) {
        return Key.builder().partitionValue(pk).build();
    }

    /** The Enhanced Client's key of the item at {@code pk}/{@code sk}. */
    static Key of(String pk, String sk) {
        return Key.builder().partitionValue(pk).sortValue(sk).build();
    }

    /** The table key of the item at {@code pk}/{@code sk}: every low-level request builds its keys here. */
    static Map<String, AttributeValue> item(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    /** The membership item's table key. */
    static Map<String, AttributeValue> member(Membership m) {
        return item(company(m.companyId()), member(m.userId()));
    }

    /** The table key of the claim that holds {@code domain} (the one sign-up reads). */
    static Map<String, AttributeValue> holder(DomainName domain) {
        return item(domain(domain.value()), CLAIM);
    }

    /** The invitation item's table key. */
    static Map<String, AttributeValue> invitation(Invitation invitation) {
        return item(company(invitation.companyId()), invitation(invitation.id()));
    }

    /** The table key of an address's open invitations (one item per canonical address). */
    static Map<String, AttributeValue> pendingInvitations(String canonicalEmail) {
        return item(invitee(canonicalEmail), PENDING);
    }

    /** The table key of an address's suppression mark. */
    static Map<String, AttributeValue> suppression(EmailAddress email) {
        return item(suppressed(email.canonical()), SUPPRESSION);
    }

    /** A fixed-window rate counter: the scope (e.g. discovery) and the hashed key (e.g. a client address). */
    static String rate(String scope, String hashedKey) {
        return "RATE#" + scope + "#" + hashedKey;
    }

    static String company(String companyId) {
        return "COMPANY#" + companyId;
    }

    static String user(String sub) {
        return "USER#" + sub;
    }

    static String member(String sub) {
        return MEMBER_PREFIX + sub;
    }

    /** SK of a team under its company (PK=COMPANY#id); the id is a random UUID, never the changeable name. */
    static String team(String teamId) {
        return TEAM_PREFIX + teamId;
    }

    /** The team item's table key. */
    static Map<String, AttributeValue> team(String companyId, String teamId) {
        return item(company(companyId), team(teamId));
    }

    static String suggestion(String sub) {
        return SUGGEST_PREFIX + sub;
    }

    static String suggestionOfCompany(String companyId) {
        return SUGGEST_PREFIX + companyId;
    }

    /**
     * Sorts newest last by time; the id keeps two entries of the same instant apart. Fixed width: Instant.toString()
     * drops zero fractions, and "…:00Z" would sort after "…:00.5Z" ('Z' > '.').
     */
    static String audit(java.time.Instant at, String id) {
        return AUDIT_PREFIX + AUDIT_TIME.format(at) + "#" + id;
    }

    private static final java.time.format.DateTimeFormatter AUDIT_TIME = java.time.format.DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    static String domain(String domain) {
        return DOMAIN_PREFIX + domain;
    }

    /** A company's claim on the domain that holds nothing (pending, failed, unverified): several may wait. */
    static String claimant(String companyId) {
        return CLAIMANT_PREFIX + companyId;
    }

    /** GSI2 sort key of a DNS-verified holder: zero-padded epoch seconds sort as time does. */
    static String recheckAt(java.time.Instant at, String domain) {
        return recheckBefore(at.getEpochSecond()) + "#" + domain;
    }

    static String recheckBefore(long epochSecond) {
        return String.format(java.util.Locale.ROOT, "%012d", epochSecond);
    }

    /** GSI2PK of the company's managers (GSI2SK = MEMBER#sub): whom to tell is one query, not the whole company. */
    static String managers(String companyId) {
        return "MANAGERS#" + companyId;
    }

    /**
     * PK=COMPANY#id, SK=ADDRESS#canonical email: a member's address, written and deleted with the membership, so
     * "which of these invited addresses are members" is one BatchGetItem per 100 addresses.
     */
    static Map<String, AttributeValue> memberAddress(String companyId, String canonicalEmail) {
        return item(company(companyId), "ADDRESS#" + canonicalEmail);
    }

    /**
     * GSI1PK of member address items: every member, in any company, whose address is at this domain's registrable
     * domain or below it. The Public Suffix List decides the registrable domain, so a domain and all its subdomains
     * share one partition, and {@link #membersAtPrefix} narrows it to one domain, with or without its subdomains.
     */
    static String membersAt(DomainName domain) {
        return MEMBERS_AT_PREFIX + registrableOrSelf(domain);
    }

    static final String MEMBERS_AT_PREFIX = "MEMBERS_AT#";

    /**
     * GSI1SK of a member address item: the address's domain with its labels reversed ({@code com.acme.eng}), then
     * {@code .#}, the company id, {@code #} and the canonical address (whose table key it also is, so a page cursor
     * rebuilds the item's key from it).
     */
    static String memberAt(DomainName emailDomain, String companyId, String canonicalEmail) {
        return reversedLabels(emailDomain) + ".#" + companyId + "#" + canonicalEmail;
    }

    /** The GSI1SK prefix of addresses at exactly {@code domain}, or also at any of its subdomains. */
    static String membersAtPrefix(DomainName domain, boolean subdomains) {
        return reversedLabels(domain) + (subdomains ? "." : ".#");
    }

    private static String reversedLabels(DomainName domain) {
        java.util.List<String> labels =
                new java.util.ArrayList<>(java.util.List.of(domain.value().split("\\.")));
        java.util.Collections.reverse(labels);
        return String.join(".", labels);
    }

    private static String registrableOrSelf(DomainName domain) {
        try {
            com.google.common.net.InternetDomainName name =
                    com.google.common.net.InternetDomainName.from(domain.value());
            return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : domain.value();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return domain.value();
        }
    }

    /** GSI1PK of every invitation whose email is queued and not yet sent: the outbox the sweep reads (sparse). */
    static final String OUTBOX = "OUTBOX#invitations";

    /** GSI1SK of a queued invitation: when it was put on the queue, oldest first. */
    static String outbox(java.time.Instant queuedAt, String companyId, String inviteId) {
        return AUDIT_TIME.format(queuedAt) + "#" + companyId + "#" + inviteId;
    }

    /** The first GSI1SK of invitations queued at {@code at} or later. */
    static String outboxBefore(java.time.Instant at) {
        return AUDIT_TIME.format(at);
    }

    /** An emailed domain verification link, by the SHA-256 of its token (apart from invitation tokens). */
    static String verificationLink(String tokenHash) {
        return "DVTOKEN#" + tokenHash;
    }

    /** The count of verification links a company sent on one UTC day. */
    static String verificationLinksSent(java.time.LocalDate day) {
        return "DVLINKS#" + day;
    }

    /**
     * PK=COMPANY#id, SK=REMOVED#mailbox: an admin removed this person, so auto-join refuses the email, with any
     * {@code +tag} ({@link EmailAddress#mailbox()}). Only an accepted invitation deletes it, in the same transaction
     * as the new membership.
     */
    static String removal(String canonicalEmail) {
        return REMOVED_PREFIX + EmailAddress.mailboxOf(canonicalEmail);
    }

    static String request(String sub) {
        return REQUEST_PREFIX + sub;
    }

    static String notice(java.time.Instant at, String sub) {
        return NOTICE_PREFIX + at.toString() + "#" + sub;
    }

    /** GSI1SK of a pending notice: grouped by company, oldest first within it. */
    static String pendingNotice(String companyId, java.time.Instant at, String sub) {
        return company(companyId) + "#" + at.toString() + "#" + sub;
    }

    /** PK=COMPANY#id, SK=INVITE#inviteId: one invitation; ids are time-ordered, so the key sorts by age. */
    static String invitation(String inviteId) {
        return INVITE_PREFIX + inviteId;
    }

    /** PK=TOKEN#sha256 of the link's token, SK=TOKEN: leads from a link to its invitation. */
    static String token(String tokenHash) {
        return "TOKEN#" + tokenHash;
    }

    /** PK=INVITEE#canonical email: the address's open invitations (SK=PENDING) and daily mail counts. */
    static String invitee(String canonicalEmail) {
        return "INVITEE#" + canonicalEmail;
    }

    /** The attribute of the PENDING item that holds one open invitation. */
    static String pendingInvitation(String companyId, String inviteId) {
        return INVITE_PREFIX + companyId + "#" + inviteId;
    }

    /** SK of a company's invitation count for one UTC day (under COMPANY#id). */
    static String invitesSent(java.time.LocalDate day) {
        return "RATE#invites#" + day;
    }

    /** SK of a mailbox's invitation mail count for one UTC day (under INVITEE#mailbox: tags count as one). */
    static String mailsReceived(java.time.LocalDate day) {
        return "RATE#mails#" + day;
    }

    /** SK of an address's suppression (under {@link #suppressed}). */
    static final String SUPPRESSION = "SUPPRESSION";

    /**
     * PK=SUPPRESSED#canonical email, SK=SUPPRESSION: we no longer mail this address (a permanent bounce or a
     * complaint). Sends that write check it in their own transaction; notices read it before sending.
     */
    static String suppressed(String canonicalEmail) {
        return "SUPPRESSED#" + canonicalEmail;
    }

    /** PK=HOOK#source#delivery id, SK=HOOK: an identity provider's delivery already acted on (TTL: a week). */
    static Map<String, AttributeValue> hookDelivery(String source, String id) {
        return item("HOOK#" + source + "#" + id, "HOOK");
    }
}
