package dev.autojoin.handler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.Access;
import dev.autojoin.app.Discover;
import dev.autojoin.app.ListMembers;
import dev.autojoin.app.ListTeams;
import dev.autojoin.app.Page;
import dev.autojoin.app.SendInvitations;
import dev.autojoin.app.ShowInvitation;
import dev.autojoin.app.ShowMe;
import dev.autojoin.domain.Actor;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainStatus;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationStatus;
import dev.autojoin.domain.JoinRequest;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.Suggestion;
import dev.autojoin.domain.Team;
import dev.autojoin.domain.Verification;
import dev.autojoin.domain.VerificationMethod;
import dev.autojoin.domain.WireName;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The JSON shapes of API.md, "Shapes the clients rely on". */
final class Views {
    private Views() {}

    static ObjectNode company(Company company) {
        ObjectNode out = Json.object();
        out.put("id", company.id());
        out.put("name", company.name());
        out.put("version", company.version());
        ObjectNode settings = out.putObject("settings");
        settings.put("notify", company.settings().notifications().wire());
        settings.put("invitationExpiryDays", company.settings().invitationExpiryDays());
        settings.put("defaultRole", company.settings().defaultRole().wire());
        wireArray(settings.putArray("defaultPermissions"), company.settings().defaultPermissions());
        out.put("createdAt", company.createdAt().toString());
        return out;
    }

    static ObjectNode domain(DomainClaim claim) {
        ObjectNode out = Json.object();
        out.put("domain", claim.domain().value());
        out.put("status", claim.status().wire());
        out.put("method", claim.method().wire());
        out.put("enrollment", claim.enrollment().wire());
        out.put("includeSubdomains", claim.includeSubdomains());
        out.put("defaultRole", claim.defaultRole().wire());
        wireArray(out.putArray("defaultPermissions"), claim.defaultPermissions());
        out.put("capture", claim.capture());
        ObjectNode defaultTeams = out.putObject("defaultTeams");
        claim.defaultTeams().forEach((team, flags) -> wireArray(defaultTeams.putArray(team), flags));
        out.put("version", claim.version());
        out.put("claimedAt", claim.claimedAt().toString());
        Verification proof = claim.verification();
        claim.dnsChallenge().filter(c -> dnsPending(claim)).ifPresent(challenge -> out.putObject("dnsRecord")
                .put("name", challenge.name())
                .put("type", "TXT")
                .put("value", challenge.value()));
        if (proof.graceEndsAt() != null) {
            out.put("graceEndsAt", proof.graceEndsAt().toString());
        }
        if (proof.verifiedAt() != null && claim.verified()) {
            out.put("verifiedAt", proof.verifiedAt().toString());
        }
        if (claim.status() == DomainStatus.PENDING && proof.deadline() != null) {
            out.put("pendingUntil", proof.deadline().toString());
        }
        if (claim.method() == VerificationMethod.EMAIL && proof.linkSentTo() != null && !claim.verified()) {
            out.put("verificationEmail", proof.linkSentTo().masked());
        }
        return out;
    }

    /**
     * The record to publish is shown while DNS is what the claim waits for: a DNS claim not yet proven, a holder
     * upgrading its proof to DNS, and a DNS holder whose re-check is failing.
     */
    private static boolean dnsPending(DomainClaim claim) {
        if (claim.method() == VerificationMethod.DNS) {
            return !claim.verified() || claim.verification().graceEndsAt() != null;
        }
        return claim.verified();
    }

    static ObjectNode me(ShowMe.Me me) {
        ObjectNode out = Json.object();
        ObjectNode user = out.putObject("user");
        user.put("sub", me.caller().sub());
        if (me.caller().email().isPresent()) {
            user.put("email", me.caller().email().get().value());
        } else {
            user.putNull("email");
        }
        user.put("emailVerified", me.caller().emailVerified());
        ArrayNode companies = out.putArray("companies");
        for (Membership m : me.companies()) {
            ObjectNode c = companies.addObject();
            c.put("id", m.companyId());
            c.put("name", m.companyName());
            c.put("role", m.role().wire());
            wireArray(c.putArray("permissions"), m.effectivePermissions());
            ArrayNode teams = c.putArray("teams");
            for (Team t : me.teams().getOrDefault(m.companyId(), List.of())) {
                ObjectNode team = teams.addObject();
                team.put("id", t.id());
                team.put("name", t.name());
                wireArray(team.putArray("permissions"), m.teamRights(t.id()));
            }
        }
        ArrayNode suggestions = out.putArray("suggestions");
        for (Suggestion s : me.suggestions()) {
            ObjectNode c = suggestions.addObject();
            c.put("companyId", s.companyId());
            c.put("name", s.companyName());
            c.put("enrollment", s.enrollment().wire());
            c.put("requested", s.requested());
            c.put("status", s.status().wire());
        }
        return out;
    }

    /**
     * Someone at a captured domain who is in another company: their address in full (the viewer manages members of
     * the company that proved the domain by DNS), the company they are in and their role there.
     */
    static ObjectNode personOutside(Membership m) {
        ObjectNode out = Json.object();
        out.put("userId", m.userId());
        out.put("email", m.email().value());
        ObjectNode company = out.putObject("company");
        company.put("id", m.companyId());
        company.put("name", m.companyName());
        out.put("role", m.role().wire());
        return out;
    }

    static ObjectNode team(Team team) {
        ObjectNode out = Json.object();
        out.put("id", team.id());
        out.put("name", team.name());
        out.put("createdAt", team.createdAt().toString());
        out.put("archived", team.archived());
        if (team.archived()) {
            out.put("archivedAt", team.archivedAt().toString());
            out.put("restorableUntil", team.restorableUntil().toString());
        }
        out.put("version", team.version());
        return out;
    }

    static ObjectNode teams(ListTeams.Listing listing) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        listing.teams().forEach(t -> items.add(team(t)));
        return out;
    }

    static ObjectNode discovery(Discover.Discovery discovery) {
        ObjectNode out = Json.object();
        out.put("domain", discovery.domain());
        out.put("companyDomain", discovery.companyDomain());
        out.put("hasCompany", discovery.hasCompany());
        out.put("enrollment", discovery.enrollment().wire());
        return out;
    }

    /** A member; the email in full only where Access says the viewer sees it. */
    static ObjectNode member(Membership m, boolean fullEmail) {
        ObjectNode out = Json.object();
        out.put("userId", m.userId());
        if (m.email() == null) {
            out.putNull("email");
        } else {
            out.put("email", fullEmail ? m.email().value() : m.email().masked());
        }
        out.put("role", m.role().wire());
        wireArray(out.putArray("permissions"), m.permissions());
        wireArray(out.putArray("effectivePermissions"), m.effectivePermissions());
        Provenance p = m.provenance();
        ObjectNode provenance = out.putObject("provenance");
        provenance.put("type", p.type().wire());
        if (p.domain() != null) {
            provenance.put("domain", p.domain().value());
        }
        provenance.set("actor", actor(p.actor()));
        provenance.put("at", p.at().toString());
        ArrayNode teams = out.putArray("teams");
        m.teams().forEach((teamId, flags) -> {
            ObjectNode team = teams.addObject();
            team.put("teamId", teamId);
            wireArray(team.putArray("permissions"), flags);
        });
        out.put("version", m.version());
        // Mail to the member's address bounced for good or was reported as spam: admins should know.
        out.put("mailBounced", m.mailBouncedAt() != null);
        if (m.mailBouncedAt() != null) {
            out.put("mailBouncedAt", m.mailBouncedAt().toString());
        }
        return out;
    }

    static ObjectNode members(ListMembers.Listing listing) {
        return page(listing.page(), m -> member(m, Access.seesEmailOf(listing.viewer(), m)));
    }

    static ObjectNode joinRequest(JoinRequest r) {
        ObjectNode out = Json.object();
        out.put("userId", r.userId());
        out.put("email", r.email().value());
        out.put("domain", r.domain().value());
        out.put("status", r.status().wire());
        out.put("requestedAt", r.at().toString());
        return out;
    }

    static ObjectNode auditEntry(AuditEntry e) {
        ObjectNode out = Json.object();
        out.put("id", e.id());
        out.put("at", e.at().toString());
        out.set("actor", actor(e.actor()));
        out.put("action", e.action());
        out.put("target", e.target());
        out.set("before", e.before().isEmpty() ? null : map(e.before()));
        out.set("after", e.after().isEmpty() ? null : map(e.after()));
        return out;
    }

    static <T> ObjectNode page(Page<T> page, Function<T, ObjectNode> view) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        page.items().forEach(item -> items.add(view.apply(item)));
        if (page.nextCursor().isPresent()) {
            out.put("nextCursor", page.nextCursor().get());
        } else {
            out.putNull("nextCursor");
        }
        return out;
    }

    /** An invitation as its company's admins see it at {@code now} (an open one past its expiry reads expired). */
    /** An invitation; the address in full only where Access says the viewer sees it, as in the member list. */
    static ObjectNode invitation(Invitation invitation, Instant now, boolean fullEmail) {
        ObjectNode out = Json.object();
        out.put("id", invitation.id());
        out.put(
                "email",
                fullEmail ? invitation.email().value() : invitation.email().masked());
        out.put("role", invitation.role().wire());
        wireArray(out.putArray("permissions"), invitation.permissions());
        ObjectNode teams = out.putObject("teams");
        invitation.teams().forEach((team, flags) -> wireArray(teams.putArray(team), flags));
        out.put("status", invitation.statusAt(now).wire());
        out.put("delivery", invitation.delivery().wire());
        out.put("expiresAt", invitation.expiresAt().toString());
        out.put("invitedBy", invitation.inviter().userId());
        out.put("createdAt", invitation.createdAt().toString());
        if (invitation.status() == InvitationStatus.BOUNCED) {
            // bounce, complaint, or suppressed (the address was not mailed: it bounced or complained before)
            out.put("bounceReason", invitation.sendFailure());
        } else if (invitation.sendFailure() != null) {
            out.put("sendFailure", invitation.sendFailure());
        }
        if (invitation.closedAt() != null) {
            out.put("closedAt", invitation.closedAt().toString());
            out.put("closedBy", invitation.closedBy());
        }
        return out;
    }

    private static ObjectNode actor(Actor actor) {
        ObjectNode out = Json.object();
        out.put("type", actor.type().wire());
        if (actor.userId() != null) {
            out.put("userId", actor.userId());
        }
        return out;
    }

    static ObjectNode inviteResults(List<SendInvitations.Result> results) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("results");
        for (SendInvitations.Result result : results) {
            ObjectNode item = items.addObject();
            item.put("email", result.email());
            item.put("status", result.status().wire());
            if (result.inviteId() != null) {
                item.put("inviteId", result.inviteId());
            }
            if (result.code() != null) {
                item.put("code", result.code());
            }
            if (result.detail() != null) {
                item.put("detail", result.detail());
            }
        }
        return out;
    }

    private static ObjectNode map(Map<String, String> values) {
        ObjectNode out = Json.object();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** What anyone holding the link may read: no full addresses, no ids. */
    static ObjectNode invitePreview(ShowInvitation.Preview preview) {
        Invitation invitation = preview.invitation();
        ObjectNode out = Json.object();
        out.put("companyName", invitation.companyName());
        out.put("invitedBy", invitation.inviter().publicDisplay());
        out.put("email", invitation.email().masked());
        out.put("role", invitation.role().wire());
        // Whether the mail service took the last email is the admins' business, not the link holder's.
        InvitationStatus status =
                preview.status() == InvitationStatus.SEND_FAILED ? InvitationStatus.PENDING : preview.status();
        out.put("status", status.wire());
        out.put("expiresAt", invitation.expiresAt().toString());
        return out;
    }

    /** The caller's place in a company, as in GET /me. */
    static ObjectNode myCompany(Membership membership) {
        ObjectNode out = Json.object();
        out.put("id", membership.companyId());
        out.put("name", membership.companyName());
        out.put("role", membership.role().wire());
        wireArray(out.putArray("permissions"), membership.effectivePermissions());
        return out;
    }

    private static void wireArray(ArrayNode array, Collection<? extends WireName> values) {
        values.stream().map(WireName::wire).sorted().forEach(array::add);
    }
}
