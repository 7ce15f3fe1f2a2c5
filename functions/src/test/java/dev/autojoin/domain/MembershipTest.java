package dev.autojoin.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MembershipTest {
    @Test
    void managers_areOwnersAdminsAndWhoeverHoldsManageSettingsOrManageMembers() {
        assertThat(member(Role.OWNER).manages()).isTrue();
        assertThat(member(Role.ADMIN).manages()).isTrue();
        assertThat(member(Role.MEMBER, Permission.MANAGE_SETTINGS).manages()).isTrue();
        assertThat(member(Role.MEMBER, Permission.MANAGE_MEMBERS).manages()).isTrue();
        assertThat(member(Role.MEMBER, Permission.INVITE, Permission.PAY).manages())
                .isFalse();
        assertThat(member(Role.ADMIN).changed(Role.MEMBER, Set.of()).manages())
                .as("demoted")
                .isFalse();
    }

    private static Membership member(Role role, Permission... permissions) {
        return new Membership(
                "c1",
                "Acme",
                "u1",
                EmailAddress.parse("u1@acme.com"),
                role,
                Set.of(permissions),
                new Provenance(ProvenanceType.INVITE, null, Actor.user("u0"), Instant.parse("2026-11-27T10:00:00Z")));
    }
}
