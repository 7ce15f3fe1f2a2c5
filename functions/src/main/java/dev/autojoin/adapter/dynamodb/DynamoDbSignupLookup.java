package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.SignupLookup;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.PendingInvitation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The hot path of sign-up in one request: a BatchGetItem of the domain's claim items (the domain and its ancestors)
 * and the address's PENDING item, decoded by type; a GetItem of the PENDING item alone when there is no domain to
 * look up. Eventually consistent: the trigger must answer fast, and GET /me repairs what a stale read missed.
 */
public final class DynamoDbSignupLookup implements SignupLookup {
    private final SingleTable table;

    public DynamoDbSignupLookup(SingleTable table) {
        this.table = table;
    }

    @Override
    public Found find(EmailAddress email, boolean withClaims) {
        Map<String, AttributeValue> pendingKey = Keys.pendingInvitations(email.canonical());
        if (!withClaims) {
            GetItemResponse response =
                    table.client.getItem(g -> g.tableName(table.name).key(pendingKey));
            return new Found(
                    List.of(),
                    response.hasItem() ? PendingInvitations.decode(response.item()) : List.<PendingInvitation>of());
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        keys.add(pendingKey);
        keys.add(Keys.holder(email.domain()));
        email.domain().ancestors().forEach(ancestor -> keys.add(Keys.holder(ancestor)));
        SingleTable.Fetched fetched = table.fetch(keys, false);
        List<DomainClaim> claims = new ArrayList<>();
        fetched.all(DomainClaimItem.TYPE, DomainClaimItem.SCHEMA).forEach(item -> claims.add(item.toDomain()));
        List<PendingInvitation> invitations = new ArrayList<>();
        fetched.raw(PendingInvitations.TYPE).forEach(item -> invitations.addAll(PendingInvitations.decode(item)));
        return new Found(claims, invitations);
    }
}
