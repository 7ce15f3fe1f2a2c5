package dev.autojoin.testing;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Refuses, as DynamoDB does and moto does not (moto checks key sizes on writes only), any request whose partition key
 * value exceeds 2048 bytes or whose sort key value exceeds 1024 bytes, or whose key value is an empty string: DynamoDB
 * answers those with a 400 {@code ValidationException} on reads too. Key attributes are the table's and indexes'
 * ({@code PK}, {@code SK}, {@code GSI1PK}, ...): names ending in {@code PK} are partition keys, in {@code SK} sort keys.
 */
public final class DynamoDbKeyLimits implements ExecutionInterceptor {
    static final int PARTITION_KEY_BYTES = 2048;
    static final int SORT_KEY_BYTES = 1024;
    /** {@code PK = :pk}, {@code #pk = :v}, {@code begins_with(SK, :prefix)}, {@code SK BETWEEN :a AND :b}. */
    private static final Pattern CONDITION = Pattern.compile(
            "(?:begins_with\\s*\\(\\s*([#\\w]+)\\s*,\\s*(:\\w+)\\s*\\))|(?:([#\\w]+)\\s*(?:=|<=|>=|<|>)\\s*(:\\w+))"
                    + "|(?:([#\\w]+)\\s+BETWEEN\\s+(:\\w+)\\s+AND\\s+(:\\w+))",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof GetItemRequest get) {
            check(get.key());
        } else if (request instanceof PutItemRequest put) {
            check(put.item());
        } else if (request instanceof UpdateItemRequest update) {
            check(update.key());
        } else if (request instanceof DeleteItemRequest delete) {
            check(delete.key());
        } else if (request instanceof QueryRequest query) {
            check(query);
        } else if (request instanceof BatchGetItemRequest batch) {
            batch.requestItems().values().forEach(keys -> keys.keys().forEach(this::check));
        } else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().values().stream().flatMap(Collection::stream).forEach(write -> {
                if (write.putRequest() != null) {
                    check(write.putRequest().item());
                }
                if (write.deleteRequest() != null) {
                    check(write.deleteRequest().key());
                }
            });
        } else if (request instanceof TransactGetItemsRequest transact) {
            transact.transactItems().forEach(item -> check(item.get().key()));
        } else if (request instanceof TransactWriteItemsRequest transact) {
            transact.transactItems().forEach(item -> {
                if (item.put() != null) {
                    check(item.put().item());
                }
                if (item.update() != null) {
                    check(item.update().key());
                }
                if (item.delete() != null) {
                    check(item.delete().key());
                }
                if (item.conditionCheck() != null) {
                    check(item.conditionCheck().key());
                }
            });
        }
    }

    private void check(QueryRequest query) {
        if (query.hasExclusiveStartKey()) {
            check(query.exclusiveStartKey());
        }
        if (query.keyConditionExpression() == null) {
            return;
        }
        Matcher condition = CONDITION.matcher(query.keyConditionExpression());
        while (condition.find()) {
            if (condition.group(1) != null) {
                check(query, condition.group(1), condition.group(2));
            } else if (condition.group(3) != null) {
                check(query, condition.group(3), condition.group(4));
            } else {
                check(query, condition.group(5), condition.group(6));
                check(query, condition.group(5), condition.group(7));
            }
        }
    }

    private void check(QueryRequest query, String name, String placeholder) {
        String attribute =
                name.startsWith("#") ? query.expressionAttributeNames().get(name) : name;
        check(attribute, query.expressionAttributeValues().get(placeholder));
    }

    private void check(Map<String, AttributeValue> item) {
        item.forEach(this::check);
    }

    private void check(String attribute, AttributeValue value) {
        if (attribute == null || value == null || value.s() == null) {
            return;
        }
        boolean partition = attribute.endsWith("PK");
        if (!partition && !attribute.endsWith("SK")) {
            return;
        }
        int bytes = value.s().getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0) {
            throw invalid("One or more parameter values are not valid. The AttributeValue for a key attribute cannot"
                    + " contain an empty string value. Key: " + attribute);
        }
        if (partition && bytes > PARTITION_KEY_BYTES) {
            throw invalid("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size"
                    + " limit of2048 bytes");
        }
        if (!partition && bytes > SORT_KEY_BYTES) {
            throw invalid("One or more parameter values were invalid: Aggregated size of all range keys has exceeded"
                    + " the size limit of 1024 bytes");
        }
    }

    private static DynamoDbException invalid(String message) {
        return (DynamoDbException) DynamoDbException.builder()
                .message(message)
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ValidationException")
                        .errorMessage(message)
                        .serviceName("DynamoDb")
                        .build())
                .build();
    }
}
