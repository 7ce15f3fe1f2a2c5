package dev.autojoin.app;

import dev.autojoin.domain.Caller;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GET /companies/{id}/domains/{domain}/people-outside: while the company captures a domain, the people at it (or, with
 * its subdomains, below it) who are members of other companies and not of this one, each with the company they are
 * in and their role there, so the admins see the shadow companies and whom to invite. One page of the
 * members-at-domain index, then one read of those memberships and of this company's memberships of the same people.
 */
public final class ListPeopleOutside {
    private final Access access;
    private final DomainStore domains;
    private final MembershipStore memberships;

    public ListPeopleOutside(Access access, DomainStore domains, MembershipStore memberships) {
        this.access = access;
        this.domains = domains;
        this.memberships = memberships;
    }

    public Page<Membership> list(Caller caller, String companyId, String rawDomain, Page.Request page) {
        DomainName domain =
                access.validated(caller, companyId, Permission.MANAGE_MEMBERS, () -> DomainName.parse(rawDomain));
        DomainStore.Reading reading = domains.readAs(caller.sub(), domain, companyId);
        Access.require(reading.reader(), Permission.MANAGE_MEMBERS);
        DomainClaim claim = reading.claims()
                .of(companyId)
                .orElseThrow(() -> new NotFoundException("not_found", "This company has no claim on " + domain + "."));
        if (!claim.captures()
                || !reading.claims()
                        .holder()
                        .map(h -> h.companyId().equals(companyId))
                        .orElse(false)) {
            // One mailbox at a domain does not speak for everyone there: only a DNS proof with capture on lists them.
            throw new ConflictException(
                    "capture_off",
                    "People at " + domain + " outside this company are listed only while the company captures the"
                            + " domain (proven by DNS, auto-join, capture on).");
        }
        Page<MembershipStore.MemberAt> at = memberships.membersAt(domain, claim.includeSubdomains(), page);
        List<MembershipStore.MemberRef> refs = new ArrayList<>();
        for (MembershipStore.MemberAt entry : at.items()) {
            if (!entry.companyId().equals(companyId)) {
                refs.add(new MembershipStore.MemberRef(entry.companyId(), entry.userId()));
                refs.add(new MembershipStore.MemberRef(companyId, entry.userId()));
            }
        }
        // The index may lag: what the memberships say now decides, and anyone already in this company is left out.
        List<Membership> found = memberships.findEach(refs);
        Set<String> inside = found.stream()
                .filter(m -> m.companyId().equals(companyId))
                .map(Membership::userId)
                .collect(Collectors.toSet());
        List<Membership> outside = found.stream()
                .filter(m -> !m.companyId().equals(companyId) && !inside.contains(m.userId()))
                .filter(m -> m.email() != null && claim.covers(m.email().domain()))
                .sorted(java.util.Comparator.comparing(
                                (Membership m) -> m.email().canonical())
                        .thenComparing(Membership::companyId))
                .toList();
        return new Page<>(outside, at.nextCursor());
    }
}
