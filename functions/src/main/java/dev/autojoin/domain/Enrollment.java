package dev.autojoin.domain;

/** What happens when someone with a verified email at a company's domain signs up. */
public enum Enrollment implements WireName {
    OFF,
    SUGGEST,
    AUTO_JOIN;

    public static Enrollment parse(String raw) {
        return WireName.parse(Enrollment.class, raw, "enrollment");
    }
}
