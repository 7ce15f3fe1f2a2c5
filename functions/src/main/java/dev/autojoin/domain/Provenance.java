package dev.autojoin.domain;

import java.time.Instant;
import java.util.Objects;

/** How a membership came to be; {@code domain} is the domain that granted it, when one did. */
public record Provenance(ProvenanceType type, DomainName domain, Actor actor, Instant at) {
    public Provenance {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
    }
}
