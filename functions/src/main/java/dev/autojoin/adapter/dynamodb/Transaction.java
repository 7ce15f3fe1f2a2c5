package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.ConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One TransactWriteItems request whose items carry labels, so a failed condition says which invariant held (the last
 * owner, a version, a removal mark). Low-level because the Enhanced Client cannot express counter arithmetic
 * ({@code ownerCount = ownerCount - 1}) nor name the item whose condition failed.
 */
final class Transaction {
    /** Expression attribute names ({@code #x}) and values ({@code :x}) of one item's expressions. */
    record Bindings(Map<String, String> names, Map<String, AttributeValue> values) {
        static final Bindings NONE = new Bindings(Map.of(), Map.of());

        /** Pairs: {@code "#v", "version", ":v", AttributeValue.fromN("3")}. */
        static Bindings of(Object... pairs) {
            Map<String, String> names = new LinkedHashMap<>();
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                String key = (String) pairs[i];
                if (key.startsWith("#")) {
                    names.put(key, (String) pairs[i + 1]);
                } else {
                    values.put(key, (AttributeValue) pairs[i + 1]);
                }
            }
            return new Bindings(names, values);
        }

        /** These and {@code more}. */
        Bindings with(Bindings more) {
            Map<String, String> allNames = new LinkedHashMap<>(names);
            allNames.putAll(more.names);
            Map<String, AttributeValue> allValues = new LinkedHashMap<>(values);
            allValues.putAll(more.values);
            return new Bindings(allNames, allValues);
        }

        Map<String, String> namesOrNull() {
            return names.isEmpty() ? null : names;
        }

        Map<String, AttributeValue> valuesOrNull() {
            return values.isEmpty() ? null : values;
        }
    }

    private final SingleTable table;
    private final List<TransactWriteItem> items = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    Transaction(SingleTable table) {
        this.table = table;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    /** A put with an optional condition (null: overwrite whatever is there). */
    Transaction put(String label, Map<String, AttributeValue> item, String condition, Bindings bindings) {
        return add(
                label,
                TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(table.name)
                                .item(item)
                                .conditionExpression(condition)
                                .expressionAttributeNames(bindings.namesOrNull())
                                .expressionAttributeValues(bindings.valuesOrNull())
                                .build())
                        .build());
    }

    Transaction putNew(String label, Map<String, AttributeValue> item) {
        return put(label, item, "attribute_not_exists(PK)", Bindings.NONE);
    }

    Transaction update(
            String label, Map<String, AttributeValue> key, String update, String condition, Bindings bindings) {
        return add(
                label,
                TransactWriteItem.builder()
                        .update(Update.builder()
                                .tableName(table.name)
                                .key(key)
                                .updateExpression(update)
                                .conditionExpression(condition)
                                .expressionAttributeNames(bindings.namesOrNull())
                                .expressionAttributeValues(bindings.valuesOrNull())
                                .build())
                        .build());
    }

    Transaction delete(String label, Map<String, AttributeValue> key, String condition, Bindings bindings) {
        return add(
                label,
                TransactWriteItem.builder()
                        .delete(Delete.builder()
                                .tableName(table.name)
                                .key(key)
                                .conditionExpression(condition)
                                .expressionAttributeNames(bindings.namesOrNull())
                                .expressionAttributeValues(bindings.valuesOrNull())
                                .build())
                        .build());
    }

    Transaction check(String label, Map<String, AttributeValue> key, String condition, Bindings bindings) {
        return add(
                label,
                TransactWriteItem.builder()
                        .conditionCheck(ConditionCheck.builder()
                                .tableName(table.name)
                                .key(key)
                                .conditionExpression(condition)
                                .expressionAttributeNames(bindings.namesOrNull())
                                .expressionAttributeValues(bindings.valuesOrNull())
                                .build())
                        .build());
    }

    /** The audit entry of the change, which exists only if the change does. */
    Transaction audit(AuditEntry entry) {
        return putNew("audit", AuditItem.SCHEMA.itemToMap(AuditItem.from(entry, table.auditRetention), true));
    }

    /**
     * Runs the transaction: an empty set when it was written, else the labels of the items whose condition failed
     * (and nothing was written). A conflict with another transaction in flight is tried again a few times, then is a
     * ConflictException the caller may retry.
     */
    Set<String> run() {
        for (int attempt = 1; ; attempt++) {
            try {
                return once();
            } catch (ConflictException conflict) {
                if (attempt == CONFLICT_ATTEMPTS) {
                    throw conflict;
                }
                pause(attempt);
            }
        }
    }

    /**
     * Transactions that share an item conflict while both are in flight, a ConditionCheck included: a bulk invite's
     * parallel writes all check the inviter's membership. Nothing was written, so trying again is safe; a few jittered
     * tries absorb it before the caller sees 409.
     */
    static final int CONFLICT_ATTEMPTS = 5;

    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException(
                    "concurrent_change", "Someone changed this at the same moment; reload and try again.");
        }
    }

    private Set<String> once() {
        try {
            table.client.transactWriteItems(r -> r.transactItems(items));
            return Set.of();
        } catch (TransactionCanceledException e) {
            if (!e.hasCancellationReasons()) {
                throw e;
            }
            Set<String> failed = new LinkedHashSet<>();
            boolean conflict = false;
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size() && i < labels.size(); i++) {
                String code = reasons.get(i).code();
                if ("ConditionalCheckFailed".equals(code)) {
                    failed.add(labels.get(i));
                } else if ("TransactionConflict".equals(code)) {
                    conflict = true;
                }
            }
            if (!failed.isEmpty()) {
                return failed;
            }
            if (conflict) {
                throw new ConflictException(
                        "concurrent_change", "Someone changed this at the same moment; reload and try again.");
            }
            throw e;
        }
    }

    private Transaction add(String label, TransactWriteItem item) {
        items.add(item);
        labels.add(label);
        return this;
    }
}
