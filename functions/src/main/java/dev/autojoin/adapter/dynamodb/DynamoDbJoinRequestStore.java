package dev.autojoin.adapter.dynamodb;

import dev.autojoin.adapter.dynamodb.Transaction.Bindings;
import dev.autojoin.app.JoinRequestStore;
import dev.autojoin.app.Page;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.JoinRequest;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Suggestion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

public final class DynamoDbJoinRequestStore implements JoinRequestStore {
    private final SingleTable table;

    public DynamoDbJoinRequestStore(SingleTable table) {
        this.table = table;
    }

    @Override
    public Optional<JoinRequest> find(String companyId, String userId) {
        JoinRequestItem item = table.requests()
                .getItem(GetItemEnhancedRequest.builder()
                        .key(Keys.of(Keys.company(companyId), Keys.request(userId)))
                        .consistentRead(true)
                        .build());
        return Optional.ofNullable(item).map(JoinRequestItem::toDomain);
    }

    @Override
    public Deciding readAs(String readerSub, String companyId, String userId) {
        SingleTable.Fetched fetched = table.fetch(
                List.of(
                        Keys.item(Keys.company(companyId), Keys.member(readerSub)),
                        Keys.item(Keys.company(companyId), Keys.request(userId))),
                true);
        return new Deciding(
                fetched.one(MembershipItem.TYPE, MembershipItem.SCHEMA).map(MembershipItem::toDomain),
                fetched.one(JoinRequestItem.TYPE, JoinRequestItem.SCHEMA).map(JoinRequestItem::toDomain));
    }

    @Override
    public Standing standing(String companyId, String userId, EmailAddress email) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        keys.add(Keys.item(Keys.company(companyId), Keys.member(userId)));
        keys.add(Keys.item(Keys.company(companyId), Keys.suggestion(userId)));
        keys.add(Keys.item(Keys.company(companyId), Keys.request(userId)));
        keys.add(Keys.item(Keys.company(companyId), Keys.removal(email.canonical())));
        keys.add(Keys.holder(email.domain()));
        email.domain().ancestors().forEach(ancestor -> keys.add(Keys.holder(ancestor)));
        // Strongly consistent, like every read that decides on a membership.
        SingleTable.Fetched fetched = table.fetch(keys, true);
        return new Standing(
                !fetched.raw(MembershipItem.TYPE).isEmpty(),
                fetched.all(DomainClaimItem.TYPE, DomainClaimItem.SCHEMA).stream()
                        .map(DomainClaimItem::toDomain)
                        .toList(),
                fetched.one(SuggestionItem.TYPE, SuggestionItem.SCHEMA).map(SuggestionItem::toDomain),
                fetched.one(JoinRequestItem.TYPE, JoinRequestItem.SCHEMA).map(JoinRequestItem::toDomain),
                !fetched.raw(RemovalItem.TYPE).isEmpty());
    }

    @Override
    public Page<JoinRequest> pending(String companyId, Page.Request page) {
        return Cursors.query(
                table.requests(), Keys.company(companyId), Keys.REQUEST_PREFIX, page, false, JoinRequestItem::toDomain);
    }

    @Override
    public boolean open(JoinRequest request, Suggestion pending, JoinNotice notice, AuditEntry opened) {
        Set<String> failed = new Transaction(table)
                .putNew("request", JoinRequestItem.SCHEMA.itemToMap(JoinRequestItem.from(request), true))
                .put("suggestion", suggestion(pending), null, Bindings.NONE)
                .putNew("notice", NoticeItem.SCHEMA.itemToMap(NoticeItem.from(notice), true))
                .audit(opened)
                .run();
        return failed.isEmpty();
    }

    @Override
    public void approve(
            JoinRequest request, Membership member, Suggestion approved, Membership approver, AuditEntry entry) {
        Transaction tx = MembershipItem.add(closing(request), "member", member)
                .put("suggestion", suggestion(approved), null, Bindings.NONE)
                // An approval never lifts a removal, even one that landed after the request: only an invitation does.
                .check(
                        "removal",
                        Keys.item(
                                Keys.company(request.companyId()),
                                Keys.removal(request.email().canonical())),
                        "attribute_not_exists(PK)",
                        Bindings.NONE);
        DynamoDbMembershipStore.actorUnchanged(tx, request.userId(), approver);
        conflicts(tx.audit(entry).run());
    }

    @Override
    public void decline(JoinRequest request, Suggestion declined, Membership decider, AuditEntry entry) {
        Transaction tx = closing(request).put("suggestion", suggestion(declined), null, Bindings.NONE);
        DynamoDbMembershipStore.actorUnchanged(tx, request.userId(), decider);
        conflicts(tx.audit(entry).run());
    }

    private Transaction closing(JoinRequest request) {
        return new Transaction(table)
                .delete(
                        "request",
                        Keys.item(Keys.company(request.companyId()), Keys.request(request.userId())),
                        "attribute_exists(PK)",
                        Bindings.NONE);
    }

    private static Map<String, AttributeValue> suggestion(Suggestion s) {
        return SuggestionItem.SCHEMA.itemToMap(SuggestionItem.from(s), true);
    }

    private static void conflicts(Set<String> failed) {
        if (failed.contains("member")) {
            throw new ConflictException("already_member", "This person is already a member.");
        }
        if (failed.contains("request")) {
            throw new ConflictException("request_not_pending", "Someone already decided this request.");
        }
        if (failed.contains("removal")) {
            throw new ConflictException(
                    "removed_by_admin",
                    "An admin removed this person from the company; only an invitation brings them back.");
        }
        if (!failed.isEmpty()) {
            throw new ConflictException(
                    "concurrent_change", "Your membership changed while you were deciding; reload and try again.");
        }
    }
}
