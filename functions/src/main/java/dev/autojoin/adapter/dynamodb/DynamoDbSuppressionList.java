package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.SuppressionList;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Suppression;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The suppression list: one item per address (PK=SUPPRESSED#canonical email, SK=SUPPRESSION), without TTL. The first
 * record stays (a conditional put), so a repeated SNS delivery writes nothing.
 */
public final class DynamoDbSuppressionList implements SuppressionList {
    static final String TYPE = "suppression";

    private final SingleTable table;

    public DynamoDbSuppressionList(SingleTable table) {
        this.table = table;
    }

    /** The item of a transaction that mails {@code email}: it fails, labelled "suppression", if the address is listed. */
    static Transaction notSuppressed(Transaction transaction, EmailAddress email) {
        return notSuppressed(transaction, "suppression", email);
    }

    /** The same, under {@code label}: a transaction for several addresses tells them apart. */
    static Transaction notSuppressed(Transaction transaction, String label, EmailAddress email) {
        return transaction.check(label, Keys.suppression(email), "attribute_not_exists(PK)", Transaction.Bindings.NONE);
    }

    @Override
    public boolean add(Suppression suppression) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.suppression(suppression.email()));
        item.put("type", AttributeValue.fromS(TYPE));
        item.put("email", AttributeValue.fromS(suppression.email().canonical()));
        item.put("reason", AttributeValue.fromS(suppression.reason().wire()));
        item.put("at", AttributeValue.fromS(suppression.at().toString()));
        if (suppression.detail() != null) {
            item.put("detail", AttributeValue.fromS(suppression.detail()));
        }
        if (suppression.messageId() != null) {
            item.put("messageId", AttributeValue.fromS(suppression.messageId()));
        }
        try {
            table.client.putItem(
                    p -> p.tableName(table.name).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException listedAlready) {
            return false;
        }
    }

    @Override
    public boolean contains(EmailAddress email) {
        // Eventually consistent is enough: a notice racing the feedback by a second is mailed, as it would have been.
        GetItemResponse found = table.client.getItem(
                g -> g.tableName(table.name).key(Keys.suppression(email)).projectionExpression("PK"));
        return found.hasItem() && !found.item().isEmpty();
    }
}
