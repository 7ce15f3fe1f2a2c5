package dev.autojoin.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autojoin.domain.Actor;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {
    private final InMemoryStores stores = new InMemoryStores();
    private final Access access = new Access(stores);

    @Test
    void ownersManageOwners_adminsManageAdminsAndMembers_flaggedMembersManageMembers() {
        Membership owner = member("o", Role.OWNER);
        Membership otherOwner = member("o2", Role.OWNER);
        Membership admin = member("a", Role.ADMIN);
        Membership otherAdmin = member("a2", Role.ADMIN);
        Membership manager = member("m", Role.MEMBER, Permission.MANAGE_MEMBERS);
        Membership plain = member("p", Role.MEMBER, Permission.PAY);

        assertThat(access.requireToManage(caller(owner), "c", "o2").target()).isEqualTo(otherOwner);
        assertThat(access.requireToManage(caller(admin), "c", "a2").target()).isEqualTo(otherAdmin);
        assertThat(access.requireToManage(caller(manager), "c", "p").target()).isEqualTo(plain);
        assertThatThrownBy(() -> access.requireToManage(caller(admin), "c", "o"))
                .isInstanceOfSatisfying(
                        ForbiddenException.class, e -> assertThat(e.code()).isEqualTo("cannot_manage"));
        assertThatThrownBy(() -> access.requireToManage(caller(manager), "c", "a"))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> access.requireToManage(caller(plain), "c", "m"))
                .isInstanceOfSatisfying(
                        ForbiddenException.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
        assertThat(owner.userId()).isNotNull();
    }

    @Test
    void anyoneMayLeave_butRemovingSomeoneElseNeedsManageMembers() {
        Membership plain = member("p", Role.MEMBER);
        member("q", Role.MEMBER);

        assertThat(access.requireToRemove(caller(plain), "c", "p").onSelf()).isTrue();
        assertThatThrownBy(() -> access.requireToRemove(caller(plain), "c", "q"))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aStrangersCompany_isNotFound_andAManagersUnknownTarget_isNotFoundToo() {
        Membership admin = member("a", Role.ADMIN);
        Caller stranger = new Caller("s", Optional.empty(), true);

        assertThatThrownBy(() -> access.requireMember(stranger, "c")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> access.requireToManage(caller(admin), "c", "nobody"))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.code()).isEqualTo("member_not_found"));
    }

    @Test
    void nobodyGrantsARoleAboveTheirOwn_orAFlagTheyLack_butTakingAwayAndKeepingAreFine() {
        Membership admin = member("a", Role.ADMIN);

        assertThatThrownBy(() -> Access.requireGrantable(admin, Role.MEMBER, Set.of(), Role.OWNER, Set.of()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() ->
                        Access.requireGrantable(admin, Role.MEMBER, Set.of(), Role.MEMBER, Set.of(Permission.PAY)))
                .hasMessageContaining("pay");
        assertThatCode(() -> Access.requireGrantable(
                        admin, Role.MEMBER, Set.of(), Role.ADMIN, Set.of(Permission.INVITE, Permission.MANAGE_MEMBERS)))
                .as("admins hold the management flags by role")
                .doesNotThrowAnyException();
        assertThatCode(() -> Access.requireGrantable(
                        admin,
                        Role.MEMBER,
                        Set.of(Permission.PAY, Permission.MANAGE_SETTINGS),
                        Role.MEMBER,
                        Set.of(Permission.PAY)))
                .as("keeping pay and taking manage_settings away grants nothing")
                .doesNotThrowAnyException();
        assertThatCode(() -> Access.requireGrantable(admin, Role.OWNER, Set.of(), Role.OWNER, Set.of()))
                .as("an unchanged role is no grant")
                .doesNotThrowAnyException();
    }

    /** An invitation or an approval starts from nothing: the whole role and every flag are granted, defaults or not. */
    @Test
    void aNewGrant_isItsWholeRoleAndEveryFlag() {
        Membership inviter = member("i", Role.MEMBER, Permission.INVITE);
        Membership admin = member("a", Role.ADMIN);

        assertThatCode(() -> Access.requireGrantable(inviter, Role.MEMBER, Set.of(Permission.INVITE)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Access.requireGrantable(inviter, Role.ADMIN, Set.of()))
                .isInstanceOfSatisfying(
                        ForbiddenException.class, e -> assertThat(e.code()).isEqualTo("cannot_grant"));
        assertThatThrownBy(() -> Access.requireGrantable(inviter, Role.MEMBER, Set.of(Permission.PAY)))
                .hasMessageContaining("pay");
        assertThatCode(() -> Access.requireGrantable(admin, Role.ADMIN, Set.of(Permission.MANAGE_MEMBERS)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Access.requireGrantable(admin, Role.OWNER, Set.of()))
                .as("only an owner makes owners")
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void fullEmails_areForManagersAndForOneself() {
        Membership admin = member("a", Role.ADMIN);
        Membership manager = member("m", Role.MEMBER, Permission.MANAGE_MEMBERS);
        Membership plain = member("p", Role.MEMBER, Permission.MANAGE_SETTINGS);

        assertThat(Access.seesEmailOf(admin, plain)).isTrue();
        assertThat(Access.seesEmailOf(manager, admin)).isTrue();
        assertThat(Access.seesEmailOf(plain, admin)).isFalse();
        assertThat(Access.seesEmailOf(plain, plain)).isTrue();
    }

    private Membership member(String sub, Role role, Permission... flags) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        permissions.addAll(Set.of(flags));
        Membership m = new Membership(
                "c",
                "Co",
                sub,
                EmailAddress.parse(sub + "@co.com"),
                role,
                permissions,
                new Provenance(ProvenanceType.CREATED, null, Actor.user(sub), Instant.EPOCH));
        stores.memberships.put("c/" + sub, m);
        return m;
    }

    private static Caller caller(Membership m) {
        return new Caller(m.userId(), Optional.of(m.email()), true);
    }
}
