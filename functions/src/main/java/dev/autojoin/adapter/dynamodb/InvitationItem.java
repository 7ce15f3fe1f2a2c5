package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.Delivery;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.Inviter;
import dev.autojoin.domain.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=COMPANY#id, SK=INVITE#inviteId: one invitation. Its validity is {@code validUntil} (epoch seconds, compared in
 * conditions); {@code expiresAt}, the table's TTL, removes it {@link #RETENTION} later. While its email is
 * {@code queued} it is also the outbox entry: GSI1PK={@link Keys#OUTBOX}, GSI1SK=when it was queued (sparse: removed
 * once sent, failed or closed); {@code sendingSince} (epoch seconds) is the sender's hold on it.
 */
final class InvitationItem extends BaseItem {
    static final String TYPE = "invitation";

    /** How long an invitation stays listable after its link stopped working. */
    static final Duration RETENTION = Duration.ofDays(90);

    static final StaticTableSchema<InvitationItem> SCHEMA = StaticTableSchema.builder(InvitationItem.class)
            .newItemSupplier(InvitationItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("inviteId").getter(i -> i.inviteId).setter((i, v) -> i.inviteId = v))
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(
                    String.class,
                    a -> a.name("companyName").getter(i -> i.companyName).setter((i, v) -> i.companyName = v))
            .addAttribute(
                    String.class, a -> a.name("email").getter(i -> i.email).setter((i, v) -> i.email = v))
            .addAttribute(String.class, a -> a.name("role").getter(i -> i.role).setter((i, v) -> i.role = v))
            .addAttribute(
                    Attributes.STRING_LIST,
                    a -> a.name("permissions").getter(i -> i.permissions).setter((i, v) -> i.permissions = v))
            .addAttribute(
                    Attributes.TEAMS, a -> a.name("teams").getter(i -> i.teams).setter((i, v) -> i.teams = v))
            .addAttribute(
                    String.class, a -> a.name("status").getter(i -> i.status).setter((i, v) -> i.status = v))
            .addAttribute(
                    Long.class,
                    a -> a.name("validUntil").getter(i -> i.validUntil).setter((i, v) -> i.validUntil = v))
            .addAttribute(
                    String.class,
                    a -> a.name("invitedBy").getter(i -> i.invitedBy).setter((i, v) -> i.invitedBy = v))
            .addAttribute(
                    String.class,
                    a -> a.name("inviterEmail").getter(i -> i.inviterEmail).setter((i, v) -> i.inviterEmail = v))
            .addAttribute(
                    String.class,
                    a -> a.name("inviterName").getter(i -> i.inviterName).setter((i, v) -> i.inviterName = v))
            .addAttribute(
                    String.class,
                    a -> a.name("createdAt").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
            .addAttribute(
                    String.class,
                    a -> a.name("tokenHash").getter(i -> i.tokenHash).setter((i, v) -> i.tokenHash = v))
            .addAttribute(
                    String.class,
                    a -> a.name("sendFailure").getter(i -> i.sendFailure).setter((i, v) -> i.sendFailure = v))
            .addAttribute(
                    String.class,
                    a -> a.name("closedAt").getter(i -> i.closedAt).setter((i, v) -> i.closedAt = v))
            .addAttribute(
                    String.class,
                    a -> a.name("closedBy").getter(i -> i.closedBy).setter((i, v) -> i.closedBy = v))
            .addAttribute(
                    String.class,
                    a -> a.name("delivery").getter(i -> i.delivery).setter((i, v) -> i.delivery = v))
            .addAttribute(
                    String.class, a -> a.name("sentAt").getter(i -> i.sentAt).setter((i, v) -> i.sentAt = v))
            .build();

    String inviteId;
    String companyId;
    String companyName;
    String email;
    String role;
    List<String> permissions;
    /** The team places it grants (team id to team flags); absent when it names none. */
    Map<String, List<String>> teams;

    String status;
    Long validUntil;
    String invitedBy;
    String inviterEmail;
    String inviterName;
    String createdAt;
    String tokenHash;
    String sendFailure;
    String closedAt;
    String closedBy;
    String delivery;
    String sentAt;

    static InvitationItem from(Invitation invitation) {
        InvitationItem item = new InvitationItem();
        item.setPk(Keys.company(invitation.companyId()));
        item.setSk(Keys.invitation(invitation.id()));
        item.setType(TYPE);
        item.setExpiresAt(retainedUntil(invitation.expiresAt()));
        item.inviteId = invitation.id();
        item.companyId = invitation.companyId();
        item.companyName = invitation.companyName();
        item.email = invitation.email().value();
        item.role = invitation.role().wire();
        item.permissions = Attributes.wire(invitation.permissions());
        item.teams = invitation.teams().isEmpty() ? null : Attributes.storedTeams(invitation.teams());
        item.status = invitation.status().wire();
        item.validUntil = invitation.expiresAt().getEpochSecond();
        item.invitedBy = invitation.inviter().userId();
        item.inviterEmail = invitation.inviter().email().value();
        item.inviterName = invitation.inviter().name();
        item.createdAt = Attributes.instant(invitation.createdAt());
        item.tokenHash = invitation.tokenHash();
        item.sendFailure = invitation.sendFailure();
        item.closedAt = Attributes.instant(invitation.closedAt());
        item.closedBy = invitation.closedBy();
        item.delivery = invitation.delivery().wire();
        if (invitation.delivery() == Delivery.QUEUED) {
            item.setGsi1pk(Keys.OUTBOX);
            item.setGsi1sk(Keys.outbox(invitation.createdAt(), invitation.companyId(), invitation.id()));
        }
        return item;
    }

    Invitation toDomain() {
        return new Invitation(
                inviteId,
                companyId,
                companyName,
                EmailAddress.parse(email),
                Role.parse(role),
                Attributes.permissions(permissions),
                Attributes.teams(teams),
                InvitationStatus.parse(status),
                Instant.ofEpochSecond(validUntil),
                new Inviter(invitedBy, EmailAddress.parse(inviterEmail), inviterName),
                Attributes.instant(createdAt),
                tokenHash,
                sendFailure,
                Attributes.instant(closedAt),
                closedBy,
                Delivery.parse(delivery));
    }

    /** The TTL of an invitation and of its tokens: long enough to answer "expired" rather than "unknown". */
    static long retainedUntil(Instant validUntil) {
        return validUntil.plus(RETENTION).getEpochSecond();
    }
}
