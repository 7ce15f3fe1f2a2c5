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
}
