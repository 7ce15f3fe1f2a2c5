package dev.autojoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.autojoin.handler.SignupWebhookHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds template.yaml, openapi.yaml, the handlers' routing tables and the sample events in events/ to one another.
 * CloudFormation short-form tags ({@code !Ref X}) are dropped by Jackson's YAML reader, which keeps the value.
 */
class TemplateTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Logical id to handler: these ids are named by the local stack, the alarms and the user pool trigger. */
    private static final Map<String, String> FUNCTIONS = Map.of(
            "PostSignupFunction", "dev.autojoin.handler.PostSignupHandler::handleRequest",
            "SignupWebhookFunction", "dev.autojoin.handler.SignupWebhookHandler::handleRequest",
            "InvitesFunction", "dev.autojoin.handler.InvitesHandler::handleRequest",
            "DomainsFunction", "dev.autojoin.handler.DomainsHandler::handleRequest",
            "DomainRecheckFunction", "dev.autojoin.handler.DomainRecheckHandler::handleRequest",
            "SettingsFunction", "dev.autojoin.handler.SettingsHandler::handleRequest",
            "HousekeepingFunction", "dev.autojoin.handler.HousekeepingHandler::handleRequest",
            "MailFeedbackFunction", "dev.autojoin.handler.MailFeedbackHandler::handleRequest",
            "InvitationMailFunction", "dev.autojoin.handler.InvitationMailHandler::handleRequest");

    /** The event type of aws-lambda-java-events each kind of SAM event hands a function. */
    private static final Map<String, Class<?>> EVENT_TYPES = Map.of(
            "HttpApi", APIGatewayV2HTTPEvent.class,
            "Schedule", ScheduledEvent.class,
            "SNS", SNSEvent.class,
            "SQS", SQSEvent.class);

    private static final Set<String> OPENAPI_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** Each identity provider hook's secret: the template parameter holding its Secrets Manager ARN, and the env name. */
    private static final Map<String, String> HOOK_SECRETS = Map.of(
            "SignupWebhookSecretArn", "SIGNUP_WEBHOOK_SECRET",
            "ClerkWebhookSecretArn", "CLERK_WEBHOOK_SECRET",
            "WorkosWebhookSecretArn", "WORKOS_WEBHOOK_SECRET",
            "OktaHookAuthorizationSecretArn", "OKTA_HOOK_AUTHORIZATION",
            "KeycloakWebhookSecretArn", "KEYCLOAK_WEBHOOK_SECRET");

    /** What exists only with the stack's own Cognito user pool, that is while JwtIssuer is empty. */
    private static final Set<String> COGNITO_ONLY = Set.of(
            "UserPool",
            "UserPoolClient",
            "PostSignupFunction",
            "PostSignupTriggerPermission",
            "PostSignupErrorsAlarm",
            "PostSignupThrottlesAlarm");

    private static Path root;
    private static JsonNode template;
    private static JsonNode openapi;

    @BeforeAll
    static void load() throws IOException {
        root = repoRoot();
        template = YAML.readTree(root.resolve("template.yaml").toFile());
        openapi = YAML.readTree(root.resolve("openapi.yaml").toFile());
    }

    // (a)
    @Test
    void everyHandler_takesTheTypeOfItsOneKindOfEvent_withAPublicNoArgConstructor() {
        SoftAssertions softly = new SoftAssertions();
        serverlessFunctions().forEach((id, function) -> {
            String handler = effective(function, "Handler").asText();
            String[] parts = handler.split("::", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                softly.fail("%s: Handler '%s' is not of the form class::method", id, handler);
                return;
            }
            Class<?> type;
            try {
                // Not initialised: a handler's static state may need the Lambda environment.
                type = Class.forName(parts[0], false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                softly.fail("%s: handler class %s does not exist", id, parts[0]);
                return;
            }
            softly.assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()))
                    .as("%s: %s is public and concrete", id, type.getName())
                    .isTrue();
            try {
                type.getConstructor();
            } catch (NoSuchMethodException e) {
                softly.fail("%s: %s has no public no-argument constructor", id, type.getName());
            }
            Set<String> kinds = new TreeSet<>();
            function.path("Properties")
                    .path("Events")
                    .forEach(e -> kinds.add(e.path("Type").asText()));
            if (id.equals(postConfirmationTrigger())) {
                kinds.add("Cognito");
            }
            softly.assertThat(kinds).as("%s receives one kind of event", id).hasSize(1);
            if (kinds.equals(Set.of("Cognito"))) {
                // Cognito wants its event back byte for byte, fields the Java type lacks included: a stream handler.
                softly.assertThat(RequestStreamHandler.class.isAssignableFrom(type))
                        .as("%s: %s implements RequestStreamHandler", id, type.getName())
                        .isTrue();
                try {
                    type.getMethod(parts[1], InputStream.class, OutputStream.class, Context.class);
                } catch (NoSuchMethodException e) {
                    softly.fail("%s: %s has no public %s(InputStream, OutputStream, Context)", id, type, parts[1]);
                }
                return;
            }
            Class<?> expected = EVENT_TYPES.get(kinds.iterator().next());
            softly.assertThat(RequestHandler.class.isAssignableFrom(type))
                    .as("%s: %s implements RequestHandler", id, type.getName())
                    .isTrue();
            softly.assertThat(eventTypeOf(type))
                    .as("%s: the event type %s takes", id, type.getName())
                    .isEqualTo(expected);
            try {
                type.getMethod(parts[1], expected, Context.class);
            } catch (NoSuchMethodException e) {
                softly.fail("%s: %s has no public %s(%s, Context)", id, type, parts[1], expected);
            }
        });
        softly.assertAll();
    }

    /** The first type argument of RequestHandler, as the Lambda runtime finds it: through superclasses too. */
    private static Class<?> eventTypeOf(Class<?> handler) {
        for (Class<?> type = handler; type != null; type = type.getSuperclass()) {
            for (java.lang.reflect.Type implemented : type.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class
                        && parameterized.getActualTypeArguments()[0] instanceof Class<?> event) {
                    return event;
                }
            }
        }
        return null;
    }

    /** The function the user pool's PostConfirmation trigger names, through its alias. */
    private static String postConfirmationTrigger() {
        String target = resourcesOfType("AWS::Cognito::UserPool")
                .values()
                .iterator()
                .next()
                .path("Properties")
                .path("LambdaConfig")
                .path("PostConfirmation")
                .asText();
        return target.contains("Alias") ? target.substring(0, target.indexOf("Alias")) : target;
    }

    // (b)
    @Test
    void functions_runJava21OnArm64_withSnapStartOnAPublishedAlias_andExplicitSizing() {
        Map<String, JsonNode> functions = serverlessFunctions();
        assertThat(functions).containsOnlyKeys(FUNCTIONS.keySet());

        SoftAssertions softly = new SoftAssertions();
        functions.forEach((id, function) -> {
            JsonNode own = function.path("Properties");
            softly.assertThat(effective(function, "Handler").asText())
                    .as("%s Handler", id)
                    .isEqualTo(FUNCTIONS.get(id));
            softly.assertThat(effective(function, "Runtime").asText())
                    .as("%s Runtime", id)
                    .isEqualTo("java21");
            softly.assertThat(texts(effective(function, "Architectures")))
                    .as("%s Architectures", id)
                    .containsExactly("arm64");
            softly.assertThat(effective(function, "SnapStart").path("ApplyOn").asText())
                    .as("%s SnapStart.ApplyOn", id)
                    .isEqualTo("PublishedVersions");
            softly.assertThat(effective(function, "AutoPublishAlias").asText())
                    .as("%s AutoPublishAlias (SnapStart serves published versions only)", id)
                    .isNotBlank();
            softly.assertThat(own.path("MemorySize").isInt())
                    .as("%s sets its own MemorySize", id)
                    .isTrue();
            softly.assertThat(own.path("Timeout").isInt())
                    .as("%s sets its own Timeout", id)
                    .isTrue();
        });
        softly.assertThat(functions
                        .get("PostSignupFunction")
                        .path("Properties")
                        .path("Timeout")
                        .asInt(Integer.MAX_VALUE))
                .as("PostSignupFunction Timeout stays under Cognito's 5 s trigger limit")
                .isLessThan(5);
        softly.assertAll();
    }

    @Test
    void userPool_triggersThePostSignupAlias_andMayInvokeIt() {
        JsonNode pool = resource("UserPool");
        assertThat(pool.path("Condition").asText()).isEqualTo("UseCognito");
        assertThat(pool.path("Type").asText()).isEqualTo("AWS::Cognito::UserPool");
        String alias = "PostSignupFunctionAlias"
                + serverlessFunctions()
                        .get("PostSignupFunction")
                        .path("Properties")
                        .path("AutoPublishAlias")
                        .asText(globalFunction().path("AutoPublishAlias").asText());
        assertThat(pool.path("Properties")
                        .path("LambdaConfig")
                        .path("PostConfirmation")
                        .asText())
                .isEqualTo(alias);

        List<JsonNode> permissions = resourcesOfType("AWS::Lambda::Permission").values().stream()
                .map(r -> r.path("Properties"))
                .filter(p -> p.path("Principal").asText().equals("cognito-idp.amazonaws.com"))
                .collect(Collectors.toList());
        assertThat(permissions).singleElement().satisfies(p -> {
            assertThat(p.path("FunctionName").asText()).isEqualTo(alias);
            assertThat(p.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
            assertThat(p.path("SourceArn").toString()).contains("UserPool");
        });
    }

    @Test
    void theCognitoPoolItsClientAndTrigger_existOnlyWithoutAnotherJwtIssuer_andNothingElseNeedsThem() {
        // Tags are dropped: "UseCognito: !Equals [!Ref JwtIssuer, '']" reads as ["JwtIssuer", ""].
        assertThat(allTexts(template.path("Conditions").path("UseCognito"))).containsExactly("JwtIssuer", "");
        JsonNode parameters = template.path("Parameters");
        assertThat(parameters.path("JwtIssuer").path("Default").asText("absent"))
                .isEmpty();
        assertThat(parameters.path("JwtAudience").path("Default").asText("absent"))
                .isEmpty();

        SoftAssertions softly = new SoftAssertions();
        COGNITO_ONLY.forEach(
                id -> softly.assertThat(resource(id).path("Condition").asText())
                        .as("%s Condition", id)
                        .isEqualTo("UseCognito"));
        for (String section : List.of("Resources", "Outputs")) {
            template.path(section).fields().forEachRemaining(entry -> {
                if ("UseCognito".equals(entry.getValue().path("Condition").asText())) {
                    return;
                }
                softly.assertThat(cognitoReferences(entry.getValue()))
                        .as(
                                "%s %s refers to Cognito-only resources outside !If [UseCognito, ...]",
                                section, entry.getKey())
                        .isEmpty();
            });
        }
        softly.assertAll();
    }

    /** Names of Cognito-only resources a node refers to, except in the first branch of an !If [UseCognito, a, b]. */
    private static List<String> cognitoReferences(JsonNode node) {
        List<String> found = new ArrayList<>();
        if (node.isArray()
                && node.size() == 3
                && "UseCognito".equals(node.get(0).asText())) {
            found.addAll(cognitoReferences(node.get(2)));
        } else if (node.isValueNode()) {
            String text = node.asText();
            COGNITO_ONLY.stream()
                    .filter(id -> text.equals(id)
                            || text.startsWith(id + ".")
                            || text.startsWith(id + "Alias")
                            || text.startsWith(id + "Role")
                            || text.contains("${" + id + "}")
                            || text.contains("${" + id + "."))
                    .forEach(found::add);
        } else {
            node.forEach(child -> found.addAll(cognitoReferences(child)));
        }
        return found;
    }

    @Test
    void httpApi_trustsTheStacksUserPool_orTheJwtIssuerAndAudienceGiven_withConfigurableEmailClaims() {
        JsonNode auth = resource("HttpApi").path("Properties").path("Auth");
        String name = auth.path("DefaultAuthorizer").asText();
        JsonNode jwt = auth.path("Authorizers").path(name).path("JwtConfiguration");
        assertThat(jwt.isObject())
                .as("the default authorizer %s is a JWT authorizer", name)
                .isTrue();
        assertThat(texts(jwt.path("issuer")))
                .containsExactly(
                        "UseCognito", "https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}", "JwtIssuer");
        assertThat(jwt.path("audience")).singleElement().satisfies(audience -> assertThat(texts(audience))
                .containsExactly("UseCognito", "UserPoolClient", "JwtAudience"));

        // Every function behind the authorizer reads the claims; the others have no JWT to read them from.
        serverlessFunctions().forEach((id, function) -> {
            boolean authenticated = false;
            for (JsonNode event : function.path("Properties").path("Events")) {
                authenticated |= "HttpApi".equals(event.path("Type").asText())
                        && !"NONE"
                                .equals(event.path("Properties")
                                        .path("Auth")
                                        .path("Authorizer")
                                        .asText());
            }
            JsonNode variables = function.path("Properties").path("Environment").path("Variables");
            if (authenticated) {
                assertThat(variables.path("EMAIL_CLAIM").asText()).as(id).isEqualTo("EmailClaim");
                assertThat(variables.path("EMAIL_VERIFIED_CLAIM").asText())
                        .as(id)
                        .isEqualTo("EmailVerifiedClaim");
            }
        });
        JsonNode parameters = template.path("Parameters");
        assertThat(parameters.path("EmailClaim").path("Default").asText()).isEqualTo("email");
        assertThat(parameters.path("EmailVerifiedClaim").path("Default").asText())
                .isEqualTo("email_verified");
    }

    @Test
    void aParameterThatNeedsAnother_isHeldToItByARule() {
        Map<String, String> needs = Map.of("JwtIssuer", "JwtAudience", "FirebaseProjectId", "FirebaseAudience");
        SoftAssertions softly = new SoftAssertions();
        needs.forEach((given, needed) -> {
            List<JsonNode> rules = new ArrayList<>();
            template.path("Rules").forEach(rule -> {
                // "!Not [!Equals [!Ref X, '']]" reads as [["X", ""]].
                boolean whenGiven = allTexts(rule.path("RuleCondition")).equals(List.of(given, ""));
                boolean assertsNeeded = false;
                for (JsonNode assertion : rule.path("Assertions")) {
                    assertsNeeded |= allTexts(assertion.path("Assert")).equals(List.of(needed, ""));
                }
                if (whenGiven && assertsNeeded) {
                    rules.add(rule);
                }
            });
            softly.assertThat(rules).as("a rule: %s requires %s", given, needed).hasSize(1);
        });
        softly.assertAll();
    }

    // (c)
    @Test
    void table_hasGenericKeys_gsi1_ttlOnExpiresAt_pointInTimeRecovery_andIsRetained() {
        JsonNode table = resource("Table");
        JsonNode properties = table.path("Properties");
        assertThat(table.path("Type").asText()).isEqualTo("AWS::DynamoDB::Table");
        assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(keySchema(properties)).containsExactly("PK HASH", "SK RANGE");

        List<JsonNode> gsi1 = new ArrayList<>();
        properties.path("GlobalSecondaryIndexes").forEach(gsi -> {
            if (gsi.path("IndexName").asText().equals("GSI1")) {
                gsi1.add(gsi);
            }
        });
        assertThat(gsi1).singleElement().satisfies(gsi -> assertThat(keySchema(gsi))
                .containsExactly("GSI1PK HASH", "GSI1SK RANGE"));

        JsonNode ttl = properties.path("TimeToLiveSpecification");
        assertThat(ttl.path("AttributeName").asText()).isEqualTo("expiresAt");
        assertThat(ttl.path("Enabled").asBoolean()).isTrue();
        assertThat(properties
                        .path("PointInTimeRecoverySpecification")
                        .path("PointInTimeRecoveryEnabled")
                        .asBoolean())
                .isTrue();
    }

    // (d)
    @Test
    void noIamStatement_grantsAWildcardResource() {
        List<String> offenders = new ArrayList<>();
        List<JsonNode> statements = new ArrayList<>();
        collectStatements(template.path("Resources"), statements);
        assertThat(statements).as("IAM statements found in template.yaml").isNotEmpty();
        for (JsonNode statement : statements) {
            if (statement.has("NotResource")) {
                offenders.add("NotResource in " + statement);
            }
            for (String resource : allTexts(statement.path("Resource"))) {
                if (resource.contains("*") && !accountLevelReads(statement)) {
                    offenders.add(resource + " in " + statement);
                }
            }
            if (!statement.has("Resource") && !statement.has("NotResource")) {
                offenders.add("no Resource in " + statement);
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyHookSecret_isASecretsManagerArnParameter_thatOnlyTheWebhookFunctionReads_throughItsCondition() {
        JsonNode parameters = template.path("Parameters");
        SoftAssertions softly = new SoftAssertions();
        parameters.fields().forEachRemaining(p -> {
            softly.assertThat(p.getValue().has("NoEcho"))
                    .as("parameter %s: no secret passes through parameters", p.getKey())
                    .isFalse();
            if (p.getKey().matches(".*(Secret|Authorization).*")) {
                softly.assertThat(HOOK_SECRETS).as("parameter %s", p.getKey()).containsKey(p.getKey());
            }
        });

        JsonNode function = serverlessFunctions().get("SignupWebhookFunction").path("Properties");
        JsonNode variables = function.path("Environment").path("Variables");
        HOOK_SECRETS.forEach((parameter, variable) -> {
            JsonNode spec = parameters.path(parameter);
            softly.assertThat(spec.path("Default").asText("absent"))
                    .as("%s default (off)", parameter)
                    .isEmpty();
            String pattern = spec.path("AllowedPattern").asText();
            softly.assertThat("")
                    .as("%s AllowedPattern accepts empty", parameter)
                    .matches(pattern);
            softly.assertThat("arn:aws:secretsmanager:eu-west-1:123456789012:secret:autojoin/hook-AbCdEf")
                    .as("%s AllowedPattern accepts a secret's ARN", parameter)
                    .matches(pattern);
            softly.assertThat("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                    .as("%s AllowedPattern refuses a secret itself", parameter)
                    .doesNotMatch(pattern);
            softly.assertThat(variables.path(variable).asText())
                    .as("SignupWebhookFunction %s", variable)
                    .isEqualTo(parameter);

            // "HasX: !Not [!Equals [!Ref X, '']]" reads as [["X", ""]].
            List<String> conditions = new ArrayList<>();
            template.path("Conditions").fields().forEachRemaining(c -> {
                if (allTexts(c.getValue()).equals(List.of(parameter, ""))) {
                    conditions.add(c.getKey());
                }
            });
            softly.assertThat(conditions)
                    .as("the condition that %s is set", parameter)
                    .hasSize(1);
            List<JsonNode> grants = new ArrayList<>();
            function.path("Policies").forEach(policy -> {
                if (allTexts(policy).contains(parameter)) {
                    grants.add(policy);
                }
            });
            softly.assertThat(grants)
                    .as("SignupWebhookFunction's policies naming %s", parameter)
                    .singleElement()
                    .satisfies(grant -> {
                        // "!If [HasX, {Statement: ...}, !Ref AWS::NoValue]" reads as [HasX, {...}, "AWS::NoValue"].
                        assertThat(grant.isArray() && grant.size() == 3).isTrue();
                        assertThat(conditions).contains(grant.get(0).asText());
                        assertThat(grant.get(2).asText()).isEqualTo("AWS::NoValue");
                        assertThat(grant.get(1).path("Statement"))
                                .singleElement()
                                .satisfies(statement -> {
                                    assertThat(statement.path("Action").asText())
                                            .isEqualTo("secretsmanager:GetSecretValue");
                                    assertThat(statement.path("Resource").asText())
                                            .isEqualTo(parameter);
                                });
                    });
        });

        // Elsewhere no function, and no statement, names a hook secret or Secrets Manager.
        template.path("Resources").fields().forEachRemaining(r -> {
            if (r.getKey().equals("SignupWebhookFunction")) {
                return;
            }
            softly.assertThat(allTexts(r.getValue()))
                    .as("resource %s", r.getKey())
                    .noneMatch(HOOK_SECRETS::containsKey)
                    .noneMatch(text -> text.startsWith("secretsmanager:"));
        });
        softly.assertThat(allTexts(globalFunction())).noneMatch(HOOK_SECRETS::containsKey);
        softly.assertAll();
    }

    @Test
    void signupWebhookFunction_servesExactlyTheHandlersRoutes_eachPublicAndThrottled() {
        Map<String, JsonNode> events = httpEvents(serverlessFunctions().get("SignupWebhookFunction"));
        Set<String> declared = new TreeSet<>();
        SoftAssertions softly = new SoftAssertions();
        events.forEach((name, event) -> {
            declared.add(routeKey(event));
            JsonNode properties = event.path("Properties");
            softly.assertThat(properties.path("Auth").path("Authorizer").asText())
                    .as("%s: a provider signs its calls, it has no JWT", name)
                    .isEqualTo("NONE");
            softly.assertThat(properties
                                    .path("RouteSettings")
                                    .path("ThrottlingBurstLimit")
                                    .isInt()
                            && properties
                                    .path("RouteSettings")
                                    .path("ThrottlingRateLimit")
                                    .isInt())
                    .as("%s: its own throttling, below the API's default", name)
                    .isTrue();
        });
        softly.assertThat(declared).isEqualTo(new TreeSet<>(SignupWebhookHandler.routes()));
        softly.assertAll();
    }

    /** Reads IAM authorizes on no resource type, only on "*" (ses:GetAccount: the account's sending quota). */
    private static boolean accountLevelReads(JsonNode statement) {
        return allTexts(statement.path("Resource")).equals(List.of("*"))
                && !allTexts(statement.path("Action")).isEmpty()
                && Set.of("ses:GetAccount").containsAll(allTexts(statement.path("Action")));
    }

    @Test
    void invitationMail_drainsItsQueue_reportingBatchItemFailures_withADeadLetterQueueAndItsAlarm() {
        JsonNode function = serverlessFunctions().get("InvitationMailFunction").path("Properties");
        JsonNode source = function.path("Events").path("InvitationMail").path("Properties");
        assertThat(source.path("Queue").asText()).isEqualTo("InvitationMailQueue.Arn");
        assertThat(texts(source.path("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
        int concurrency =
                source.path("ScalingConfig").path("MaximumConcurrency").asInt();
        JsonNode variables = function.path("Environment").path("Variables");
        assertThat(variables.path("INVITATION_MAIL_CONCURRENCY").asInt())
                .as("each container paces its share of the rate")
                .isEqualTo(concurrency);
        assertThat(variables.path("SES_MAX_SEND_RATE").asText()).isEqualTo("SesMaxSendRate");
        assertThat(template.path("Parameters")
                        .path("SesMaxSendRate")
                        .path("Default")
                        .asInt())
                .isEqualTo(10);

        JsonNode queue = resource("InvitationMailQueue").path("Properties");
        assertThat(queue.path("RedrivePolicy").path("deadLetterTargetArn").asText())
                .isEqualTo("InvitationMailDeadLetters.Arn");
        assertThat(queue.path("RedrivePolicy").path("maxReceiveCount").asInt())
                .as("the handler knows the last receive")
                .isEqualTo(variables.path("INVITATION_MAIL_MAX_RECEIVES").asInt());
        assertThat(queue.path("VisibilityTimeout").asInt())
                .as("six times the function's timeout, as Lambda's SQS event source asks")
                .isGreaterThanOrEqualTo(6 * function.path("Timeout").asInt());
        assertThat(resource("InvitationMailDeadLettersAlarm")
                        .path("Properties")
                        .path("Dimensions")
                        .get(0)
                        .path("Value")
                        .asText())
                .isEqualTo("InvitationMailDeadLetters.QueueName");

        // Only the functions that enqueue may send to the queue; the sender only reads it (its event source's).
        for (String id : List.of("InvitesFunction", "HousekeepingFunction")) {
            assertThat(texts(serverlessFunctions().get(id).path("Properties").path("Policies")))
                    .as(id)
                    .contains("InvitationQueueSendPolicy");
        }
        assertThat(allTexts(
                        resource("InvitationQueueSendPolicy").path("Properties").path("PolicyDocument")))
                .contains("sqs:SendMessage", "InvitationMailQueue.Arn")
                .doesNotContain("sqs:ReceiveMessage", "sqs:DeleteMessage");
    }

    // (e)
    @Test
    void templateRoutes_equalOpenApiOperations() {
        assertThat(new TreeSet<>(templateRoutes().keySet()))
                .isEqualTo(new TreeSet<>(openApiRoutes().keySet()));
    }

    @Test
    void publicRoutes_areTheSameInTemplateAndOpenApi() {
        assertThat(openapi.path("security").isArray()
                        && !openapi.path("security").isEmpty())
                .as("openapi.yaml applies a security scheme globally")
                .isTrue();
        assertThat(resource("HttpApi")
                        .path("Properties")
                        .path("Auth")
                        .path("DefaultAuthorizer")
                        .asText())
                .as("HttpApi has a default authorizer, so only routes marked NONE are public")
                .isNotBlank();
        assertThat(publicOnly(templateRoutes())).isEqualTo(publicOnly(openApiRoutes()));
    }

    @Test
    void everyHttpEvent_targetsTheDeclaredHttpApi() {
        SoftAssertions softly = new SoftAssertions();
        serverlessFunctions().forEach((id, function) -> httpEvents(function).forEach((name, event) -> softly.assertThat(
                        event.path("Properties").path("ApiId").asText())
                .as("%s.%s ApiId (else SAM adds an implicit API without the authorizer)", id, name)
                .isEqualTo("HttpApi")));
        softly.assertAll();
    }

    // (f)
    @Test
    void eachHandlersRoutingTable_equalsItsFunctionsRoutes() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, JsonNode> entry : serverlessFunctions().entrySet()) {
            Set<String> declared = new TreeSet<>();
            httpEvents(entry.getValue()).values().forEach(e -> declared.add(routeKey(e)));
            if (declared.isEmpty()) {
                continue;
            }
            String className = effective(entry.getValue(), "Handler").asText().split("::")[0];
            Method routes;
            try {
                routes = Class.forName(className).getMethod("routes");
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                softly.fail("%s: %s has no public static Set<String> routes() (%s)", entry.getKey(), className, e);
                continue;
            }
            if (!Modifier.isStatic(routes.getModifiers()) || !Set.class.isAssignableFrom(routes.getReturnType())) {
                softly.fail(
                        "%s: %s.routes() must be public static and return a Set<String>", entry.getKey(), className);
                continue;
            }
            Set<String> actual = new TreeSet<>();
            for (Object route : (Set<?>) routes.invoke(null)) {
                actual.add(String.valueOf(route));
            }
            softly.assertThat(actual)
                    .as("%s routes() vs %s events in template.yaml", className, entry.getKey())
                    .isEqualTo(declared);
        }
        softly.assertAll();
    }

    // events/
    @Test
    void everySampleEvent_isValidJson() throws IOException {
        List<Path> files = eventFiles();
        assertThat(files).extracting(p -> p.getFileName().toString()).allSatisfy(name -> assertThat(name)
                .as("events/ and events/providers/ hold JSON events and their README only")
                .matches(n -> n.endsWith(".json") || n.equals("README.md")));
        List<Path> json =
                files.stream().filter(p -> p.toString().endsWith(".json")).collect(Collectors.toList());
        assertThat(json).isNotEmpty();
        for (Path file : json) {
            JsonNode event = JSON.readTree(file.toFile());
            assertThat(event.isObject())
                    .as("%s is a JSON object", eventName(file))
                    .isTrue();
        }
    }

    @Test
    void cognitoEvents_areShapedAsCognitoSendsThem() throws IOException {
        Map<String, JsonNode> events = cognitoEvents();
        assertThat(events)
                .containsKeys(
                        "cognito-post-confirmation-signup.json",
                        "cognito-post-confirmation-forgot-password.json",
                        "cognito-post-confirmation-unverified.json",
                        "cognito-post-confirmation-gmail.json");
        SoftAssertions softly = new SoftAssertions();
        events.forEach((name, event) -> {
            JsonNode attributes = event.path("request").path("userAttributes");
            softly.assertThat(event.path("version").asText())
                    .as("%s version", name)
                    .isEqualTo("1");
            softly.assertThat(event.path("triggerSource").asText())
                    .as("%s triggerSource", name)
                    .startsWith("PostConfirmation_");
            softly.assertThat(event.path("region").asText())
                    .as("%s region", name)
                    .isNotBlank();
            softly.assertThat(event.path("userPoolId").asText())
                    .as("%s userPoolId", name)
                    .startsWith(event.path("region").asText() + "_");
            softly.assertThat(event.path("callerContext").path("awsSdkVersion").isTextual())
                    .as("%s callerContext.awsSdkVersion", name)
                    .isTrue();
            softly.assertThat(event.path("callerContext").path("clientId").isTextual())
                    .as("%s callerContext.clientId", name)
                    .isTrue();
            softly.assertThat(event.path("response").isObject()
                            && event.path("response").isEmpty())
                    .as("%s response is {}", name)
                    .isTrue();
            softly.assertThat(attributes.isObject())
                    .as("%s request.userAttributes", name)
                    .isTrue();
            attributes.fields().forEachRemaining(attribute -> softly.assertThat(
                            attribute.getValue().isTextual())
                    .as("%s userAttributes.%s is a string, as Cognito sends it", name, attribute.getKey())
                    .isTrue());
            softly.assertThat(attributes.path("sub").asText())
                    .as("%s sub", name)
                    .satisfies(sub -> UUID.fromString(sub));
            softly.assertThat(event.path("userName").asText())
                    .as("%s userName is the sub", name)
                    .isEqualTo(attributes.path("sub").asText());
            softly.assertThat(attributes.path("email").asText())
                    .as("%s email", name)
                    .contains("@");
            softly.assertThat(attributes.path("email_verified").asText())
                    .as("%s email_verified", name)
                    .isIn("true", "false");
            softly.assertThat(attributes.path("cognito:user_status").asText())
                    .as("%s cognito:user_status", name)
                    .isEqualTo("CONFIRMED");
        });
        softly.assertAll();

        JsonNode signup = events.get("cognito-post-confirmation-signup.json");
        assertThat(signup.path("triggerSource").asText()).isEqualTo("PostConfirmation_ConfirmSignUp");
        assertThat(attribute(signup, "email")).isEqualTo("bob@acme.com");
        assertThat(attribute(signup, "email_verified")).isEqualTo("true");

        JsonNode forgotPassword = events.get("cognito-post-confirmation-forgot-password.json");
        assertThat(forgotPassword.path("triggerSource").asText()).isEqualTo("PostConfirmation_ConfirmForgotPassword");

        JsonNode unverified = events.get("cognito-post-confirmation-unverified.json");
        assertThat(unverified.path("triggerSource").asText()).isEqualTo("PostConfirmation_ConfirmSignUp");
        assertThat(attribute(unverified, "email_verified")).isEqualTo("false");

        JsonNode freeMail = events.get("cognito-post-confirmation-gmail.json");
        assertThat(freeMail.path("triggerSource").asText()).isEqualTo("PostConfirmation_ConfirmSignUp");
        assertThat(attribute(freeMail, "email_verified")).isEqualTo("true");
        assertThat(attribute(freeMail, "email")).endsWith("@gmail.com");
    }

    @Test
    void httpEvents_arePayload2_forRoutesOfTheTemplate_withClaimsOnlyOnAuthenticatedRoutes() throws IOException {
        Map<String, Boolean> routes = templateRoutes();
        List<Path> files = httpEventFiles();
        assertThat(files).isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (Path file : files) {
            String name = eventName(file);
            JsonNode event = JSON.readTree(file.toFile());
            JsonNode context = event.path("requestContext");
            String routeKey = event.path("routeKey").asText();
            softly.assertThat(event.path("version").asText())
                    .as("%s version", name)
                    .isEqualTo("2.0");
            softly.assertThat(routes).as("%s routeKey", name).containsKey(routeKey);
            softly.assertThat(context.path("routeKey").asText())
                    .as("%s requestContext.routeKey", name)
                    .isEqualTo(routeKey);
            softly.assertThat(context.path("http").path("method").asText() + " ")
                    .as("%s requestContext.http.method", name)
                    .isEqualTo(routeKey.substring(0, routeKey.indexOf(' ') + 1));
            softly.assertThat(context.path("http").path("path").asText())
                    .as("%s requestContext.http.path", name)
                    .isEqualTo(event.path("rawPath").asText());
            softly.assertThat(event.path("headers").isObject())
                    .as("%s headers", name)
                    .isTrue();
            event.path("headers").fieldNames().forEachRemaining(header -> softly.assertThat(header)
                    .as("%s: payload 2.0 header names are lower case", name)
                    .isEqualTo(header.toLowerCase(Locale.ROOT)));
            if (Boolean.TRUE.equals(routes.get(routeKey))) {
                softly.assertThat(context.has("authorizer"))
                        .as("%s: public route, no authorizer block", name)
                        .isFalse();
            } else {
                JsonNode jwt = context.path("authorizer").path("jwt");
                softly.assertThat(jwt.path("scopes").isNull())
                        .as("%s: an ID token has no scopes", name)
                        .isTrue();
                for (String claim : List.of("sub", "email", "email_verified")) {
                    softly.assertThat(jwt.path("claims").path(claim).isTextual())
                            .as("%s: claim %s, flattened to a string by the JWT authorizer", name, claim)
                            .isTrue();
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void httpEvents_carryTheHeadersAndBodyTheirOperationRequires_andEveryHookRouteHasOne() throws IOException {
        Set<String> hookRoutes = new TreeSet<>();
        httpEvents(serverlessFunctions().get("SignupWebhookFunction"))
                .values()
                .forEach(e -> hookRoutes.add(routeKey(e)));
        Set<String> sampled = new TreeSet<>();
        SoftAssertions softly = new SoftAssertions();
        for (Path file : httpEventFiles()) {
            String name = eventName(file);
            JsonNode event = JSON.readTree(file.toFile());
            String routeKey = event.path("routeKey").asText();
            sampled.add(routeKey);
            String[] methodAndPath = routeKey.split(" ", 2);
            JsonNode operation =
                    openapi.path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase(Locale.ROOT));
            for (JsonNode parameter : operation.path("parameters")) {
                JsonNode resolved = parameter.has("$ref")
                        ? openapi.at(parameter.path("$ref").asText().substring(1))
                        : parameter;
                if ("header".equals(resolved.path("in").asText())
                        && resolved.path("required").asBoolean()) {
                    String header = resolved.path("name").asText().toLowerCase(Locale.ROOT);
                    softly.assertThat(event.path("headers").path(header).asText())
                            .as("%s: header %s, required by openapi.yaml's %s", name, header, routeKey)
                            .isNotBlank();
                }
            }
            if (operation.path("requestBody").path("required").asBoolean()) {
                softly.assertThat(event.path("body").asText())
                        .as("%s: the body openapi.yaml's %s requires", name, routeKey)
                        .isNotBlank();
            }
        }
        softly.assertThat(sampled)
                .as("every identity provider hook route has a sample delivery in events/")
                .containsAll(hookRoutes);
        softly.assertAll();
    }

    @Test
    void scheduledEvent_isWhatEventBridgeSends_andHousekeepingFunctionRunsOnASchedule() throws IOException {
        JsonNode event =
                JSON.readTree(root.resolve("events/eventbridge-scheduled.json").toFile());
        assertThat(event.path("source").asText()).isEqualTo("aws.events");
        assertThat(event.path("detail-type").asText()).isEqualTo("Scheduled Event");
        List<String> schedules = new ArrayList<>();
        serverlessFunctions()
                .get("HousekeepingFunction")
                .path("Properties")
                .path("Events")
                .forEach(e -> {
                    if ("Schedule".equals(e.path("Type").asText())) {
                        schedules.add(e.path("Properties").path("Schedule").asText());
                    }
                });
        assertThat(schedules).containsExactly("rate(5 minutes)");
    }

    @Test
    void signupWebhookEvent_carriesTheSignatureHeaders_andAVerifiedSignupBody() throws IOException {
        JsonNode event =
                JSON.readTree(root.resolve("events/signup-webhook.json").toFile());
        assertThat(event.path("routeKey").asText()).isEqualTo("POST /hooks/signup");
        JsonNode headers = event.path("headers");
        assertThat(headers.path("webhook-id").asText()).isNotBlank();
        assertThat(headers.path("webhook-timestamp").asText()).matches("[0-9]+");
        assertThat(headers.path("webhook-signature").asText())
                .matches("v1,[A-Za-z0-9+/]{43}=( v1,[A-Za-z0-9+/]{43}=)*");
        assertThat(headers.fieldNames()).toIterable().noneMatch(name -> name.startsWith("x-autojoin-"));
        JsonNode body = JSON.readTree(event.path("body").asText());
        assertThat(body.path("sub").asText()).isNotBlank();
        assertThat(body.path("email").asText()).contains("@");
        assertThat(body.path("emailVerified").isBoolean()).isTrue();
    }

    @Test
    void scheduledEvent_isEventBridgesScheduledEvent_andTheDomainRecheckFunctionHasASchedule() throws IOException {
        JsonNode event =
                JSON.readTree(root.resolve("events/scheduled-recheck.json").toFile());
        assertThat(event.path("source").asText()).isEqualTo("aws.events");
        assertThat(event.path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.path("resources").get(0).asText()).startsWith("arn:aws:events:");

        List<JsonNode> schedules = new ArrayList<>();
        serverlessFunctions()
                .get("DomainRecheckFunction")
                .path("Properties")
                .path("Events")
                .forEach(e -> {
                    if ("Schedule".equals(e.path("Type").asText())) {
                        schedules.add(e.path("Properties"));
                    }
                });
        assertThat(schedules).singleElement().satisfies(schedule -> {
            assertThat(schedule.path("Schedule").asText()).startsWith("rate(");
            assertThat(schedule.path("Enabled").asBoolean()).isTrue();
        });
    }

    @Test
    void everyEmail_goesOutWithTheConfigurationSet_whoseBouncesAndComplaintsReachTheFeedbackFunction() {
        Map<String, JsonNode> senders = new LinkedHashMap<>();
        serverlessFunctions().forEach((id, function) -> {
            JsonNode variables = function.path("Properties").path("Environment").path("Variables");
            if (variables.has("SENDER_EMAIL")) {
                senders.put(id, variables);
            }
        });
        assertThat(senders).as("functions that send mail").isNotEmpty();
        senders.forEach((id, variables) -> assertThat(
                        variables.path("SES_CONFIGURATION_SET").asText())
                .as("%s SES_CONFIGURATION_SET", id)
                .isEqualTo("MailConfigurationSet"));
        assertThat(resource("MailConfigurationSet").path("Type").asText()).isEqualTo("AWS::SES::ConfigurationSet");

        JsonNode destination = resource("MailFeedbackDestination");
        assertThat(destination.path("Type").asText()).isEqualTo("AWS::SES::ConfigurationSetEventDestination");
        JsonNode properties = destination.path("Properties");
        assertThat(properties.path("ConfigurationSetName").asText()).isEqualTo("MailConfigurationSet");
        JsonNode events = properties.path("EventDestination");
        assertThat(events.path("Enabled").asBoolean()).isTrue();
        assertThat(texts(events.path("MatchingEventTypes"))).containsExactlyInAnyOrder("bounce", "complaint");
        assertThat(events.path("SnsDestination").path("TopicARN").asText()).isEqualTo("MailFeedbackTopic");

        JsonNode function = serverlessFunctions().get("MailFeedbackFunction").path("Properties");
        List<String> topics = new ArrayList<>();
        function.path("Events").forEach(e -> {
            if ("SNS".equals(e.path("Type").asText())) {
                topics.add(e.path("Properties").path("Topic").asText());
            }
        });
        assertThat(topics).containsExactly("MailFeedbackTopic");
        assertThat(function.path("Environment")
                        .path("Variables")
                        .path("MAIL_FEEDBACK_TOPIC_ARN")
                        .asText())
                .isEqualTo("MailFeedbackTopic");
        assertThat(function.path("EventInvokeConfig")
                        .path("DestinationConfig")
                        .path("OnFailure")
                        .path("Type")
                        .asText())
                .as("feedback that could not be recorded is kept, not dropped")
                .isEqualTo("SQS");

        JsonNode publish = resource("MailFeedbackTopicPolicy")
                .path("Properties")
                .path("PolicyDocument")
                .path("Statement")
                .get(0);
        assertThat(publish.path("Principal").path("Service").asText()).isEqualTo("ses.amazonaws.com");
        assertThat(publish.path("Action").asText()).isEqualTo("sns:Publish");
        assertThat(publish.path("Resource").asText()).isEqualTo("MailFeedbackTopic");
        assertThat(publish.path("Condition")
                        .path("StringEquals")
                        .path("AWS:SourceArn")
                        .asText())
                .endsWith(":configuration-set/${MailConfigurationSet}");

        // SES authorizes SendEmail with a configuration set on the configuration set too.
        assertThat(allTexts(resource("SendEmailPolicy").path("Properties").path("PolicyDocument")))
                .anyMatch(text -> text.endsWith(":configuration-set/${MailConfigurationSet}"));
    }

    @Test
    void sendingMail_isAllowedOnlyFromSenderEmail_throughItsIdentities_andCognitoMailsThroughSes() {
        JsonNode statements = resource("SendEmailPolicy")
                .path("Properties")
                .path("PolicyDocument")
                .path("Statement");
        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(texts(statement.path("Action"))).containsExactly("ses:SendEmail");
            assertThat(texts(statement.path("Resource")))
                    .anyMatch(r -> r.endsWith(":identity/${SenderDomain}"))
                    .anyMatch(r -> r.endsWith(":identity/${SenderEmail}"))
                    .anyMatch(r -> r.endsWith(":configuration-set/${MailConfigurationSet}"));
            assertThat(statement
                            .path("Condition")
                            .path("StringEquals")
                            .path("ses:FromAddress")
                            .asText())
                    .isEqualTo("SenderEmail");
        });
        JsonNode email = resource("UserPool").path("Properties").path("EmailConfiguration");
        assertThat(email.path("EmailSendingAccount").asText()).isEqualTo("DEVELOPER");
        assertThat(email.path("SourceArn").asText()).endsWith(":identity/${SenderDomain}");
        assertThat(email.path("From").asText()).isEqualTo("SenderEmail");
    }

    @Test
    void everyAsynchronousInvocation_hasAnOnFailureQueue_thatIsRetained_andAlarmed() {
        Set<String> alarmed = new TreeSet<>();
        resourcesOfType("AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            if (alarm.path("Properties").path("Namespace").asText().equals("AWS/SQS")) {
                alarm.path("Properties")
                        .path("Dimensions")
                        .forEach(d -> alarmed.add(d.path("Value").asText().replace(".QueueName", "")));
            }
        });
        SoftAssertions softly = new SoftAssertions();
        serverlessFunctions().forEach((id, function) -> {
            boolean asynchronous = false;
            for (JsonNode event : function.path("Properties").path("Events")) {
                asynchronous |= Set.of("Schedule", "SNS", "S3", "EventBridgeRule")
                        .contains(event.path("Type").asText());
            }
            if (!asynchronous) {
                return;
            }
            JsonNode onFailure = function.path("Properties")
                    .path("EventInvokeConfig")
                    .path("DestinationConfig")
                    .path("OnFailure");
            softly.assertThat(onFailure.path("Type").asText())
                    .as("%s on-failure destination", id)
                    .isEqualTo("SQS");
            String queue = onFailure.path("Destination").asText().replace(".Arn", "");
            softly.assertThat(resource(queue).path("DeletionPolicy").asText())
                    .as("%s DeletionPolicy", queue)
                    .isEqualTo("Retain");
            softly.assertThat(resource(queue).path("UpdateReplacePolicy").asText())
                    .as("%s UpdateReplacePolicy", queue)
                    .isEqualTo("Retain");
            softly.assertThat(alarmed).as("queues with an alarm").contains(queue);
        });
        softly.assertAll();
    }

    @Test
    void everyFunctionLogs_toAGroupWithRetention_andTheTableAndPool_areProtectedByDefault() {
        SoftAssertions softly = new SoftAssertions();
        serverlessFunctions().forEach((id, function) -> {
            String group = function.path("Properties")
                    .path("LoggingConfig")
                    .path("LogGroup")
                    .asText();
            softly.assertThat(resource(group).path("Type").asText())
                    .as("%s LoggingConfig.LogGroup", id)
                    .isEqualTo("AWS::Logs::LogGroup");
            softly.assertThat(resource(group)
                            .path("Properties")
                            .path("RetentionInDays")
                            .asText())
                    .as("%s retention", group)
                    .isEqualTo("LogRetentionDays");
        });
        softly.assertThat(template.path("Parameters")
                        .path("DeletionProtection")
                        .path("Default")
                        .asText())
                .isEqualTo("true");
        softly.assertThat(texts(resource("Table").path("Properties").path("DeletionProtectionEnabled")))
                .containsExactly("ProtectData", "true", "false");
        softly.assertThat(texts(resource("UserPool").path("Properties").path("DeletionProtection")))
                .containsExactly("ProtectData", "ACTIVE", "INACTIVE");
        softly.assertAll();
    }

    @Test
    void snsEvents_areWhatSnsDeliversToLambda_holdingSesEventPublishingRecords() throws IOException {
        Map<String, String> expected = Map.of(
                "sns-ses-bounce.json", "Bounce",
                "sns-ses-transient-bounce.json", "Bounce",
                "sns-ses-complaint.json", "Complaint");
        Set<String> topics = new TreeSet<>();
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, String> sample : expected.entrySet()) {
            String name = sample.getKey();
            JsonNode event = JSON.readTree(root.resolve("events").resolve(name).toFile());
            softly.assertThat(event.path("Records").size())
                    .as("%s Records", name)
                    .isEqualTo(1);
            JsonNode record = event.path("Records").get(0);
            softly.assertThat(record.path("EventSource").asText())
                    .as("%s EventSource", name)
                    .isEqualTo("aws:sns");
            JsonNode sns = record.path("Sns");
            softly.assertThat(sns.path("Type").asText()).as("%s Sns.Type", name).isEqualTo("Notification");
            softly.assertThat(sns.path("TopicArn").asText())
                    .as("%s Sns.TopicArn", name)
                    .startsWith("arn:aws:sns:");
            topics.add(sns.path("TopicArn").asText());
            JsonNode ses = JSON.readTree(sns.path("Message").asText());
            softly.assertThat(ses.path("eventType").asText())
                    .as("%s eventType", name)
                    .isEqualTo(sample.getValue());
            softly.assertThat(ses.path("mail").path("messageId").isTextual())
                    .as("%s mail.messageId", name)
                    .isTrue();
            ses.path("mail").path("tags").fields().forEachRemaining(tag -> softly.assertThat(
                            tag.getValue().isArray())
                    .as("%s mail.tags.%s is a list, as SES sends it", name, tag.getKey())
                    .isTrue());
            String recipients = sample.getValue().equals("Bounce") ? "bouncedRecipients" : "complainedRecipients";
            JsonNode details = ses.path(sample.getValue().toLowerCase(Locale.ROOT));
            softly.assertThat(
                            details.path(recipients).get(0).path("emailAddress").asText())
                    .as("%s %s", name, recipients)
                    .contains("@");
            softly.assertThat(details.path("timestamp").asText())
                    .as("%s timestamp", name)
                    .endsWith("Z");
        }
        softly.assertAll();
        assertThat(topics)
                .as("one topic: the local stack accepts the samples' topic")
                .hasSize(1);
    }

    // --- template reading ---

    private static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        return fail("no template.yaml in " + Path.of("").toAbsolutePath() + " or any parent directory");
    }

    private static JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertThat(resource.isObject())
                .as("template.yaml resource %s", logicalId)
                .isTrue();
        return resource;
    }

    private static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    private static Map<String, JsonNode> serverlessFunctions() {
        return resourcesOfType("AWS::Serverless::Function");
    }

    private static JsonNode globalFunction() {
        return template.path("Globals").path("Function");
    }

    /** A function property as SAM resolves it: the function's own value, else the global one. */
    private static JsonNode effective(JsonNode function, String property) {
        JsonNode own = function.path("Properties").path(property);
        return own.isMissingNode() ? globalFunction().path(property) : own;
    }

    private static Map<String, JsonNode> httpEvents(JsonNode function) {
        Map<String, JsonNode> events = new LinkedHashMap<>();
        function.path("Properties").path("Events").fields().forEachRemaining(e -> {
            if ("HttpApi".equals(e.getValue().path("Type").asText())) {
                events.put(e.getKey(), e.getValue());
            }
        });
        return events;
    }

    private static String routeKey(JsonNode httpEvent) {
        JsonNode properties = httpEvent.path("Properties");
        return properties.path("Method").asText().toUpperCase(Locale.ROOT) + " "
                + properties.path("Path").asText();
    }

    /** Route key to whether the route is public (no authorizer). */
    private static Map<String, Boolean> templateRoutes() {
        Map<String, Boolean> routes = new LinkedHashMap<>();
        serverlessFunctions()
                .values()
                .forEach(function -> httpEvents(function).values().forEach(event -> {
                    String key = routeKey(event);
                    assertThat(routes).as("route %s is declared once", key).doesNotContainKey(key);
                    routes.put(
                            key,
                            "NONE"
                                    .equals(event.path("Properties")
                                            .path("Auth")
                                            .path("Authorizer")
                                            .asText()));
                }));
        return routes;
    }

    /** Route key to whether the operation is public ({@code security: []}). */
    private static Map<String, Boolean> openApiRoutes() {
        Map<String, Boolean> routes = new LinkedHashMap<>();
        openapi.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                    if (OPENAPI_METHODS.contains(op.getKey())) {
                        JsonNode security = op.getValue().path("security");
                        routes.put(
                                op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                                security.isArray() && security.isEmpty());
                    }
                }));
        return routes;
    }

    private static Set<String> publicOnly(Map<String, Boolean> routes) {
        return routes.entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> keySchema(JsonNode owner) {
        List<String> keys = new ArrayList<>();
        owner.path("KeySchema")
                .forEach(k -> keys.add(k.path("AttributeName").asText() + " "
                        + k.path("KeyType").asText()));
        return keys;
    }

    /** Every IAM statement anywhere in the resources: inline policies, managed policies, resource policies. */
    private static void collectStatements(JsonNode node, List<JsonNode> statements) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("Statement")) {
                    if (field.getValue().isArray()) {
                        field.getValue().forEach(statements::add);
                    } else {
                        statements.add(field.getValue());
                    }
                } else {
                    collectStatements(field.getValue(), statements);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectStatements(child, statements));
        }
    }

    private static List<String> texts(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Every scalar below a node, so intrinsic functions ({@code Fn::Sub}, {@code Fn::Join}) are searched too. */
    private static List<String> allTexts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isValueNode()) {
            values.add(node.asText());
        } else {
            node.forEach(child -> values.addAll(allTexts(child)));
        }
        return values;
    }

    // --- events ---

    /** Every file in events/ and below it (events/providers/ holds the identity providers' deliveries). */
    private static List<Path> eventFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("events"))) {
            return files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    /** The HTTP API events: every JSON event but the Cognito, scheduled and SNS ones. */
    private static List<Path> httpEventFiles() throws IOException {
        return eventFiles().stream()
                .filter(p -> p.getFileName().toString().endsWith(".json"))
                .filter(p -> !p.getFileName().toString().startsWith("cognito-"))
                .filter(p -> !p.getFileName().toString().startsWith("scheduled-"))
                .filter(p -> !p.getFileName().toString().startsWith("eventbridge-"))
                .filter(p -> !p.getFileName().toString().startsWith("sns-"))
                .collect(Collectors.toList());
    }

    /** The path below events/, as the messages name a sample. */
    private static String eventName(Path file) {
        return root.resolve("events").relativize(file).toString();
    }

    private static String attribute(JsonNode cognitoEvent, String name) {
        return cognitoEvent.path("request").path("userAttributes").path(name).asText();
    }

    private static Map<String, JsonNode> cognitoEvents() throws IOException {
        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (Path file : eventFiles()) {
            String name = file.getFileName().toString();
            if (name.startsWith("cognito-") && name.endsWith(".json")) {
                events.put(name, JSON.readTree(file.toFile()));
            }
        }
        return events;
    }
}
