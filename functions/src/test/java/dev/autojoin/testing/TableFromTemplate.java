package dev.autojoin.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/**
 * Creates the table exactly as {@code <repo>/template.yaml} declares its one {@code AWS::DynamoDB::Table}, so tests
 * never run against a hand-written copy. CloudFormation short-form tags ({@code !Sub}, {@code !Ref}, …) are harmless:
 * Jackson's YAML reader drops the tag and keeps the value.
 */
public final class TableFromTemplate {

    private static final String TEMPLATE = "template.yaml";

    private TableFromTemplate() {}

    /** Creates the table under {@code tableName}, waits until it exists, then applies the template's TTL. */
    public static void create(DynamoDbClient dynamoDb, String tableName) {
        JsonNode properties = tableProperties();
        dynamoDb.createTable(createTableRequest(properties, tableName));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        JsonNode ttl = properties.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
            dynamoDb.updateTimeToLive(
                    b -> b.tableName(tableName).timeToLiveSpecification(t -> t.attributeName(text(ttl, "AttributeName"))
                            .enabled(true)));
        }
    }

    public static CreateTableRequest createTableRequest(String tableName) {
        return createTableRequest(tableProperties(), tableName);
    }

    /** The nearest directory, from the working directory upwards, that holds {@code template.yaml}. */
    public static Optional<Path> findRepoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(TEMPLATE))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static CreateTableRequest createTableRequest(JsonNode properties, String tableName) {
        String billingMode = text(properties, "BillingMode");
        if (!BillingMode.PAY_PER_REQUEST.toString().equals(billingMode)) {
            throw new IllegalStateException("template.yaml: only BillingMode PAY_PER_REQUEST is mapped, found "
                    + billingMode + "; extend TableFromTemplate");
        }
        if (properties.has("LocalSecondaryIndexes")) {
            throw new IllegalStateException(
                    "template.yaml: LocalSecondaryIndexes are not mapped; extend TableFromTemplate");
        }
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(map(properties.path("AttributeDefinitions"), a -> AttributeDefinition.builder()
                        .attributeName(text(a, "AttributeName"))
                        .attributeType(text(a, "AttributeType"))
                        .build()))
                .keySchema(keySchema(properties))
                .globalSecondaryIndexes(map(properties.path("GlobalSecondaryIndexes"), TableFromTemplate::index))
                .build();
    }

    private static GlobalSecondaryIndex index(JsonNode gsi) {
        JsonNode projection = gsi.path("Projection");
        return GlobalSecondaryIndex.builder()
                .indexName(text(gsi, "IndexName"))
                .keySchema(keySchema(gsi))
                .projection(Projection.builder()
                        .projectionType(text(projection, "ProjectionType"))
                        .nonKeyAttributes(map(projection.path("NonKeyAttributes"), JsonNode::asText))
                        .build())
                .build();
    }

    private static List<KeySchemaElement> keySchema(JsonNode owner) {
        return map(owner.path("KeySchema"), k -> KeySchemaElement.builder()
                .attributeName(text(k, "AttributeName"))
                .keyType(text(k, "KeyType"))
                .build());
    }

    private static JsonNode tableProperties() {
        Path template = findRepoRoot()
                .orElseThrow(() -> new IllegalStateException(
                        "no " + TEMPLATE + " in " + Path.of("").toAbsolutePath() + " or any parent directory"))
                .resolve(TEMPLATE);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(template.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
        List<JsonNode> tables = new ArrayList<>();
        root.path("Resources").forEach(resource -> {
            if ("AWS::DynamoDB::Table".equals(resource.path("Type").asText())) {
                tables.add(resource.path("Properties"));
            }
        });
        if (tables.size() != 1) {
            throw new IllegalStateException(
                    template + " must declare exactly one AWS::DynamoDB::Table, found " + tables.size());
        }
        return tables.get(0);
    }

    /** Null for an absent list, so the SDK omits it (an empty GSI list would be sent and rejected). */
    private static <T> List<T> map(JsonNode list, Function<JsonNode, T> element) {
        if (list.isMissingNode()) {
            return null;
        }
        List<T> mapped = new ArrayList<>();
        list.forEach(node -> mapped.add(element.apply(node)));
        return mapped;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isValueNode() || value.isNull()) {
            throw new IllegalStateException(
                    "template.yaml: table property " + field + " must be a literal value, found " + value);
        }
        return value.asText();
    }
}
