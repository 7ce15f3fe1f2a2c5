package dev.autojoin.adapter.dynamodb;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.Membership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The one way this bundle writes more than one item, and the one conflict policy. Its items carry labels, so a failed
 * condition says which invariant held (the last owner, a version, a removal mark); {@link #run()}:
 *
 * <ul>
 *   <li>a failed condition: the labels of the items whose condition failed, nothing written; the caller maps them to
 *       its domain answer (the acting admin's membership, {@link #ACTOR}, alone: 409 {@code concurrent_change});
 *   <li>{@code TransactionConflict} (another transaction on the same items in flight): tried again, jittered, up to
 *       {@link #CONFLICT_ATTEMPTS} times, then {@link ConflictException} {@code concurrent_change};
 *   <li>throttling and 5xx: retried by the SDK, then its exception, which each entry point reads as unavailable;
 *   <li>a write that committed but whose answer was lost, then retried by the SDK: a success. DynamoDB applies a
 *       retried transaction once by its {@code ClientRequestToken}; a lone conditional write has no token, and moto
 *       ignores tokens, so every put and update also stamps its item with this transaction's {@link #WRITE_ID}. When
 *       a retried request (the SDK's {@code numAttempts} above one) meets a failed condition, one consistent read of a
 *       stamped item tells whether the write that holds it was this one (see {@link #ours()}).
 * </ul>
 *
 * A single item is one conditional PutItem, UpdateItem or DeleteItem instead (DESIGN §4: half a transaction's cost).
 * Low-level because the Enhanced Client cannot express counter arithmetic ({@code ownerCount = ownerCount - 1}) nor
 * name the item whose condition failed.
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

        /** These and {@code more}; a placeholder bound in both is a bug, as in the SDK's {@code Expression.and}. */
        Bindings with(Bindings more) {
            Map<String, String> allNames = new LinkedHashMap<>(names);
            more.names.forEach((k, v) -> {
                if (allNames.putIfAbsent(k, v) != null) {
                    throw new IllegalArgumentException("placeholder " + k + " is bound twice");
                }
            });
            Map<String, AttributeValue> allValues = new LinkedHashMap<>(values);
            more.values.forEach((k, v) -> {
                if (allValues.putIfAbsent(k, v) != null) {
                    throw new IllegalArgumentException("placeholder " + k + " is bound twice");
                }
            });
            return new Bindings(allNames, allValues);
        }

        Map<String, String> namesOrNull() {
            return names.isEmpty() ? null : names;
        }

        Map<String, AttributeValue> valuesOrNull() {
            return values.isEmpty() ? null : values;
        }
    }

    /** The attribute every put and update stamps with its transaction's write id. */
    static final String WRITE_ID = "writeId";

    private static final String WRITE_ID_NAME = "#writeId";
    private static final String WRITE_ID_VALUE = ":writeId";

    private final SingleTable table;
    private final List<TransactWriteItem> items = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    /** Random per transaction: only this transaction's own write leaves it on an item. */
    private final AttributeValue writeId =
            AttributeValue.fromS(UUID.randomUUID().toString());
    /** The key of the item that proves the write was ours: the first new item (an audit entry's, when there is one). */
    private Map<String, AttributeValue> witness;

    private boolean witnessIsNew;
    /** Whether the SDK sent the last request more than once. */
    private boolean retried;

    Transaction(SingleTable table) {
        this.table = table;
    }

    static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    /** A put with an optional condition (null: overwrite whatever is there). */
    Transaction put(String label, Map<String, AttributeValue> item, String condition, Bindings bindings) {
        Map<String, AttributeValue> stamped = new LinkedHashMap<>(item);
        stamped.put(WRITE_ID, writeId);
        witness(
                Keys.item(item.get("PK").s(), item.get("SK").s()),
                condition != null && condition.startsWith("attribute_not_exists"));
        return add(
                label,
                w -> w.put(p -> p.tableName(table.name)
                        .item(stamped)
                        .conditionExpression(condition)
                        .expressionAttributeNames(bindings.namesOrNull())
                        .expressionAttributeValues(bindings.valuesOrNull())));
    }

    Transaction putNew(String label, Map<String, AttributeValue> item) {
        return put(label, item, "attribute_not_exists(PK)", Bindings.NONE);
    }

    Transaction update(
            String label, Map<String, AttributeValue> key, String update, String condition, Bindings bindings) {
        Bindings stamped = bindings.with(Bindings.of(WRITE_ID_NAME, WRITE_ID, WRITE_ID_VALUE, writeId));
        witness(key, false);
        return add(
                label,
                w -> w.update(u -> u.tableName(table.name)
                        .key(key)
                        .updateExpression(stamp(update))
                        .conditionExpression(condition)
                        .expressionAttributeNames(stamped.namesOrNull())
                        .expressionAttributeValues(stamped.valuesOrNull())));
    }

    /** {@code update} that also sets the write id: into its SET clause, or as a SET clause of its own. */
    static String stamp(String update) {
        String set = WRITE_ID_NAME + " = " + WRITE_ID_VALUE;
        int at = update.indexOf("SET ");
        if (at >= 0 && (at == 0 || Character.isWhitespace(update.charAt(at - 1)))) {
            return update.substring(0, at + 4) + set + ", " + update.substring(at + 4);
        }
        return "SET " + set + " " + update;
    }

    /** A new item is the best proof (no one else writes it); else the first item written. */
    private void witness(Map<String, AttributeValue> key, boolean isNew) {
        if (witness == null || (isNew && !witnessIsNew)) {
            witness = key;
            witnessIsNew = isNew;
        }
    }

    Transaction delete(String label, Map<String, AttributeValue> key, String condition, Bindings bindings) {
        return add(
                label,
                w -> w.delete(d -> d.tableName(table.name)
                        .key(key)
                        .conditionExpression(condition)
                        .expressionAttributeNames(bindings.namesOrNull())
                        .expressionAttributeValues(bindings.valuesOrNull())));
    }

    Transaction check(String label, Map<String, AttributeValue> key, String condition, Bindings bindings) {
        return add(
                label,
                w -> w.conditionCheck(c -> c.tableName(table.name)
                        .key(key)
                        .conditionExpression(condition)
                        .expressionAttributeNames(bindings.namesOrNull())
                        .expressionAttributeValues(bindings.valuesOrNull())));
    }

    /** The label of {@link #actor}'s check. */
    static final String ACTOR = "actor";

    /**
     * The acting admin's membership is still the one authorization read (same version: not demoted nor removed
     * meanwhile), or nothing is written and the answer is 409 {@code concurrent_change}.
     */
    Transaction actor(Membership actor) {
        return check(
                ACTOR,
                Keys.member(actor),
                "#version = :version",
                Bindings.of("#version", "version", ":version", number(actor.version())));
    }

    /** The audit entry of the change, which exists only if the change does. */
    Transaction audit(AuditEntry entry) {
        return audit("audit", entry);
    }

    /** The same, under {@code label}: one transaction of several changes has an entry for each. */
    Transaction audit(String label, AuditEntry entry) {
        return putNew(label, AuditItem.SCHEMA.itemToMap(AuditItem.from(entry, table.auditRetention), true));
    }

    /**
     * Runs the writes: an empty set when they were written, else the labels of the items whose condition failed (and
     * nothing was written). See the class comment for conflicts and outages.
     */
    Set<String> run() {
        for (int attempt = 1; ; attempt++) {
            Set<String> failed = items.size() == 1 ? single() : once();
            if (!failed.isEmpty() && failed != CONFLICTED && retried && ours()) {
                return Set.of(); // committed, the answer lost, the retry met its own write
            }
            if (failed != CONFLICTED) {
                if (failed.equals(Set.of(ACTOR))) {
                    throw concurrentChange();
                }
                return failed;
            }
            if (attempt == CONFLICT_ATTEMPTS) {
                throw concurrentChange();
            }
            pause(attempt);
        }
    }

    /**
     * Transactions that share an item conflict while both are in flight, a ConditionCheck included: a bulk invite's
     * parallel writes all check the inviter's membership. Nothing was written, so trying again is safe; a few jittered
     * tries absorb it before the caller sees 409.
     */
    static final int CONFLICT_ATTEMPTS = 5;

    /** {@link #once()}'s answer when DynamoDB cancelled the transaction for another one in flight. */
    private static final Set<String> CONFLICTED = Set.of("(conflict)");

    /**
     * Whether the witness item holds this transaction's write id: the write committed. Transactions are atomic, so
     * one stamped item speaks for all; a transaction that only deletes and checks stamps nothing and is never ours.
     */
    private boolean ours() {
        if (witness == null) {
            return false;
        }
        Map<String, AttributeValue> stored = table.client
                .getItem(r -> r.tableName(table.name)
                        .key(witness)
                        .consistentRead(true)
                        .projectionExpression(WRITE_ID_NAME)
                        .expressionAttributeNames(Map.of(WRITE_ID_NAME, WRITE_ID)))
                .item();
        return stored != null && writeId.equals(stored.get(WRITE_ID));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw concurrentChange();
        }
    }

    private static ConflictException concurrentChange() {
        return new ConflictException(
                "concurrent_change", "Someone changed this at the same moment; reload and try again.");
    }

    private Set<String> once() {
        try {
            // The SDK's own retries resend this request with this token: DynamoDB applies it once (for 10 minutes).
            String token = UUID.randomUUID().toString();
            table.client.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token));
            return Set.of();
        } catch (TransactionCanceledException e) {
            retried = sentAgain(e);
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
                return CONFLICTED;
            }
            throw e;
        }
    }

    /** One item: its own conditional write (a ConditionCheck alone would write nothing, so it stays a transaction). */
    private Set<String> single() {
        TransactWriteItem item = items.get(0);
        // The SDK copies an unset (auto-construct) attribute map as unset: each request names what its item names.
        try {
            if (item.put() != null) {
                Put put = item.put();
                table.client.putItem(r -> r.tableName(put.tableName())
                        .item(put.item())
                        .conditionExpression(put.conditionExpression())
                        .expressionAttributeNames(put.expressionAttributeNames())
                        .expressionAttributeValues(put.expressionAttributeValues()));
            } else if (item.update() != null) {
                Update update = item.update();
                table.client.updateItem(r -> r.tableName(update.tableName())
                        .key(update.key())
                        .updateExpression(update.updateExpression())
                        .conditionExpression(update.conditionExpression())
                        .expressionAttributeNames(update.expressionAttributeNames())
                        .expressionAttributeValues(update.expressionAttributeValues()));
            } else if (item.delete() != null) {
                Delete delete = item.delete();
                table.client.deleteItem(r -> r.tableName(delete.tableName())
                        .key(delete.key())
                        .conditionExpression(delete.conditionExpression())
                        .expressionAttributeNames(delete.expressionAttributeNames())
                        .expressionAttributeValues(delete.expressionAttributeValues()));
            } else {
                return once();
            }
            return Set.of();
        } catch (ConditionalCheckFailedException e) {
            retried = sentAgain(e);
            return Set.of(labels.get(0));
        } catch (TransactionConflictException e) {
            return CONFLICTED; // the item is part of another transaction in flight
        }
    }

    private static boolean sentAgain(SdkException e) {
        return e.numAttempts() != null && e.numAttempts() > 1;
    }

    private Transaction add(String label, Consumer<TransactWriteItem.Builder> item) {
        items.add(TransactWriteItem.builder().applyMutation(item).build());
        labels.add(label);
        return this;
    }
}
