package dev.autojoin.domain;

public enum ProvenanceType implements WireName {
    CREATED,
    INVITE,
    AUTO_JOIN,
    REQUEST_APPROVED
}
