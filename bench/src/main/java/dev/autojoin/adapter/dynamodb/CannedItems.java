package dev.autojoin.adapter.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.Membership;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB wire answers for the benchmarks, made from domain records through the product's own static schemas, so
 * they stay exactly what the table would return as items gain attributes.
 */
public final class CannedItems {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CannedItems() {}

    /** A GetItem answer holding this claim. */
    public static String getItem(DomainClaim claim) {
        return answer("Item", DomainClaimItem.SCHEMA.itemToMap(DomainClaimItem.from(claim), true));
    }

    /** A BatchGetItem answer from {@code table} holding this claim and nothing else. */
    public static String batchGet(String table, DomainClaim claim) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("Responses")
                .putArray(table)
                .add(item(DomainClaimItem.SCHEMA.itemToMap(DomainClaimItem.from(claim), true)));
        answer.putObject("UnprocessedKeys");
        return answer.toString();
    }

    /** A BatchGetItem answer from {@code table} holding this membership and this claim (a domain route's read). */
    public static String batchGet(String table, Membership membership, DomainClaim claim) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("Responses")
                .putArray(table)
                .add(item(MembershipItem.SCHEMA.itemToMap(MembershipItem.from(membership), true)))
                .add(item(DomainClaimItem.SCHEMA.itemToMap(DomainClaimItem.from(claim), true)));
        answer.putObject("UnprocessedKeys");
        return answer.toString();
    }

    /** A GetItem answer holding this membership. */
    public static String getItem(Membership membership) {
        return answer("Item", MembershipItem.SCHEMA.itemToMap(MembershipItem.from(membership), true));
    }

    /** A one-page Query answer holding these memberships. */
    public static String query(Membership... memberships) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode items = answer.putArray("Items");
        for (Membership m : memberships) {
            items.add(item(MembershipItem.SCHEMA.itemToMap(MembershipItem.from(m), true)));
        }
        answer.put("Count", memberships.length);
        answer.put("ScannedCount", memberships.length);
        return answer.toString();
    }

    private static String answer(String field, Map<String, AttributeValue> item) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set(field, item(item));
        return answer.toString();
    }

    private static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case L -> {
                // An empty list is still a list ({"L": []}): the auto-join default grants no company flag.
                ArrayNode list = node.putArray("L");
                value.l().forEach(v -> list.add(value(v)));
            }
            case M -> {
                ObjectNode map = node.putObject("M");
                value.m().forEach((k, v) -> map.set(k, value(v)));
            }
            default -> throw new IllegalArgumentException("no canned form for " + value);
        }
        return node;
    }
}
