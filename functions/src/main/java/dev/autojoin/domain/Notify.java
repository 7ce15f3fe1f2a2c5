package dev.autojoin.domain;

/** Which membership events the admins are emailed about. */
public enum Notify implements WireName {
    EVERY_JOIN,
    REQUESTS_ONLY,
    NONE
}
