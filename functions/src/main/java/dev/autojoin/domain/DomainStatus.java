package dev.autojoin.domain;

public enum DomainStatus implements WireName {
    PENDING,
    VERIFIED,
    FAILED,
    UNVERIFIED
}
