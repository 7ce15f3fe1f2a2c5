package dev.autojoin.adapter.dynamodb;

/** Every key of the single table, in one place. Keys are built only from attributes that never change. */
final class Keys {
    static final String GSI1 = "GSI1";
    static final String PROFILE = "PROFILE";
    static final String CLAIM = "CLAIM";
    static final String MEMBER_PREFIX = "MEMBER#";
    static final String SUGGEST_PREFIX = "SUGGEST#";
    static final String DOMAIN_PREFIX = "DOMAIN#";
    static final String AUDIT_PREFIX = "AUDIT#";
    static final String INVITE_PREFIX = "INVITE#";
    static final String TOKEN = "TOKEN";
    static final String PENDING = "PENDING";

    private Keys() {}

    static String company(String companyId) {
        return "COMPANY#" + companyId;
    }

    static String user(String sub) {
        return "USER#" + sub;
    }

    static String member(String sub) {
        return MEMBER_PREFIX + sub;
    }

    static String suggestion(String sub) {
        return SUGGEST_PREFIX + sub;
    }

    static String suggestionOfCompany(String companyId) {
        return SUGGEST_PREFIX + companyId;
    }

    /** Sorts newest last by time; the id keeps two entries of the same millisecond apart. */
    static String audit(java.time.Instant at, String id) {
        return AUDIT_PREFIX + at.toString() + "#" + id;
    }

    static String domain(String domain) {
        return DOMAIN_PREFIX + domain;
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

    /** SK of an address's invitation mail count for one UTC day (under INVITEE#email). */
    static String mailsReceived(java.time.LocalDate day) {
        return "RATE#mails#" + day;
    }
}
