package dev.autojoin.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one local AWS of this JVM, for tests and {@code ./run}: the emulator at {@code AWS_ENDPOINT_URL} when that is
 * set, else a {@link MotoServer} started on first use and stopped when the JVM exits.
 */
public final class Emulator {

    public static final String SENDER = "noreply@autojoin.test";
    private static final String REGION = "us-east-1";
    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private static final Pattern LOOKS_LIKE_HTML =
            Pattern.compile("<\\s*(!doctype|html|body|div|p|a|br|table|span|b|i|h[1-6])\\b", Pattern.CASE_INSENSITIVE);

    private static Emulator shared;
    private static RuntimeException sharedFailure;

    private final URI endpoint;
    private final MotoServer moto; // null when the emulator is someone else's
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // moto keeps only one body of a Simple message (Html if present), so we keep what our clients sent, by MessageId.
    private final Map<String, Sent> sentByOurClients = new ConcurrentHashMap<>();
    private final DynamoDbClient dynamoDb;
    private final SesV2Client ses;

    private record Sent(SendEmailRequest request, Instant at) {}

    /**
     * An email the emulator accepted. {@code to} holds every recipient (To, Cc, Bcc). {@code sentAt} is null when
     * neither our client nor a raw {@code Date:} header recorded it (moto keeps no timestamp).
     */
    public record SentEmail(String from, List<String> to, String subject, String text, String html, Instant sentAt) {}

    private Emulator(URI endpoint, MotoServer moto) {
        this.endpoint = endpoint;
        this.moto = moto;
        this.dynamoDb = dynamoDb(new ExecutionInterceptor[0]);
        this.ses = ses(new ExecutionInterceptor[0]);
    }

    /** Starts moto at most once per JVM; a failure to start is remembered and rethrown, not retried. */
    public static synchronized Emulator shared() {
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        if (shared == null) {
            String configured = System.getenv("AWS_ENDPOINT_URL");
            try {
                if ("localstack".equals(System.getProperty("autojoin.emulator"))) {
                    shared = new Emulator(localStack(), null);
                } else if (configured == null || configured.isBlank()) {
                    MotoServer moto = MotoServer.start();
                    shared = new Emulator(moto.endpoint(), moto);
                } else {
                    shared = new Emulator(URI.create(configured.trim()), null);
                }
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The -Plocalstack profile compiles LocalStackEmulator (Testcontainers) in; the default build has neither. */
    private static URI localStack() {
        try {
            return (URI) Class.forName("dev.autojoin.testing.LocalStackEmulator")
                    .getMethod("start")
                    .invoke(null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("autojoin.emulator=localstack needs the -Plocalstack profile", e);
        }
    }

    public String region() {
        return REGION;
    }

    public AwsCredentialsProvider credentials() {
        return CREDENTIALS;
    }

    /** The emulator's shared client: do not close it. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** A new client with these interceptors (e.g. a {@link RequestCounter}); the caller closes it. */
    public DynamoDbClient dynamoDb(ExecutionInterceptor... interceptors) {
        return configure(DynamoDbClient.builder(), List.of(interceptors));
    }

    /** The emulator's shared client: do not close it. */
    public SesV2Client ses() {
        return ses;
    }

    /** A new client with these interceptors (e.g. a {@link RequestCounter}); the caller closes it. */
    public SesV2Client ses(ExecutionInterceptor... interceptors) {
        List<ExecutionInterceptor> all = new ArrayList<>(List.of(interceptors));
        all.add(new SentMailRecorder());
        return configure(SesV2Client.builder(), all);
    }

    /** A new SQS client (moto serves SQS on the same port); the caller closes it. */
    public SqsClient sqs(ExecutionInterceptor... interceptors) {
        return configure(SqsClient.builder(), List.of(interceptors));
    }

    /**
     * Empties everything: our moto is reset (all tables, identities, sent mail); a foreign emulator only gets this
     * table deleted. Then creates the table from template.yaml and verifies {@link #SENDER}.
     */
    public void resetAll(String tableName) {
        if (moto != null) {
            moto.reset();
            sentByOurClients.clear();
        } else {
            try {
                dynamoDb.deleteTable(b -> b.tableName(tableName));
                dynamoDb.waiter().waitUntilTableNotExists(b -> b.tableName(tableName));
            } catch (ResourceNotFoundException alreadyGone) {
                // nothing to delete
            }
        }
        createTable(tableName);
        verifySender(SENDER);
    }

    public void createTable(String tableName) {
        TableFromTemplate.create(dynamoDb, tableName);
    }

    /** moto marks an email identity verified as soon as it is created. */
    public void verifySender(String email) {
        try {
            ses.createEmailIdentity(b -> b.emailIdentity(email));
        } catch (AlreadyExistsException alreadyVerified) {
            // a foreign emulator keeps identities across resets
        }
    }

    /**
     * Every email moto accepted since the last reset (the newest {@code AUTOJOIN_SES_SENT_KEPT} when moto was started
     * with it), read from {@code /moto-api/data.json?service=ses}: the harness's moto answers only SES's models, where
     * moto alone would serialize every service's, the whole table included.
     */
    public List<SentEmail> sentEmails() {
        JsonNode ses = motoData().path("ses");
        List<SentEmail> emails = new ArrayList<>();
        ses.path("Message").forEach(message -> emails.add(simpleEmail(message)));
        ses.path("RawMessage").forEach(message -> emails.add(rawEmail(message)));
        // moto lists simple and raw messages apart; merge them in send order when every time is known
        if (emails.stream().map(SentEmail::sentAt).allMatch(Objects::nonNull)) {
            emails.sort(Comparator.comparing(SentEmail::sentAt));
        }
        return emails;
    }

    /**
     * The emails this emulator's own SES clients got accepted, oldest first: what {@link #sentEmails()} lists for
     * them, without reading moto's whole state (which grows with the table) on every call.
     */
    public List<SentEmail> sentThroughOurClients() {
        return sentByOurClients.values().stream()
                .filter(sent -> sent.request().content().simple() != null)
                .sorted(Comparator.comparing(Sent::at))
                .map(sent -> {
                    SendEmailRequest request = sent.request();
                    Body body = request.content().simple().body();
                    return new SentEmail(
                            request.fromEmailAddress(),
                            List.copyOf(request.destination().toAddresses()),
                            request.content().simple().subject().data(),
                            body.text() == null ? null : body.text().data(),
                            body.html() == null ? null : body.html().data(),
                            sent.at());
                })
                .toList();
    }

    private SentEmail simpleEmail(JsonNode message) {
        Sent sent = sentByOurClients.get(message.path("id").asText());
        String body = message.path("body").asText();
        String text = LOOKS_LIKE_HTML.matcher(body).find() ? null : body;
        String html = text == null ? body : null;
        if (sent != null && sent.request().content().simple() != null) {
            Body sentBody = sent.request().content().simple().body();
            text = sentBody.text() == null ? null : sentBody.text().data();
            html = sentBody.html() == null ? null : sentBody.html().data();
        }
        List<String> to = new ArrayList<>();
        message.path("destinations").forEach(addresses -> addresses.forEach(address -> to.add(address.asText())));
        return new SentEmail(
                message.path("source").asText(),
                List.copyOf(new LinkedHashSet<>(to)),
                message.path("subject").asText(),
                text,
                html,
                sent == null ? null : sent.at());
    }

    private SentEmail rawEmail(JsonNode message) {
        Sent sent = sentByOurClients.get(message.path("id").asText());
        MimePart mime = MimePart.parse(message.path("raw_data").asText());
        Map<String, String> bodies = new LinkedHashMap<>();
        mime.collectBodies(bodies);
        Set<String> to = new LinkedHashSet<>();
        message.path("destinations").forEach(address -> to.add(address.asText()));
        String from =
                message.path("source").isTextual() ? message.path("source").asText() : mime.header("from");
        return new SentEmail(
                from,
                List.copyOf(to),
                MimePart.decodeWords(mime.header("subject")),
                bodies.get("text/plain"),
                bodies.get("text/html"),
                sent != null ? sent.at() : mime.date());
    }

    private JsonNode motoData() {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json?service=ses"))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET " + request.uri() + " answered " + response.statusCode() + ": is this a moto server?");
            }
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + request.uri(), e);
        }
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(
            B builder, List<ExecutionInterceptor> interceptors) {
        return builder.httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(REGION))
                .endpointOverride(endpoint)
                .credentialsProvider(CREDENTIALS)
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .build();
    }

    private final class SentMailRecorder implements ExecutionInterceptor {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendEmailRequest request
                    && context.response() instanceof SendEmailResponse response) {
                sentByOurClients.put(response.messageId(), new Sent(request, Instant.now()));
            }
        }
    }

    /** Just enough MIME to read a raw message: headers, multipart, base64 and quoted-printable, encoded words. */
    private record MimePart(Map<String, String> headers, String body) {

        private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");

        static MimePart parse(String raw) {
            Matcher blankLine = Pattern.compile("\r?\n\r?\n").matcher(raw);
            int headEnd = blankLine.find() ? blankLine.start() : raw.length();
            String body = headEnd < raw.length() ? raw.substring(blankLine.end()) : "";
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line :
                    raw.substring(0, headEnd).replaceAll("\r?\n[ \t]+", " ").split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            return new MimePart(headers, body);
        }

        String header(String name) {
            return headers.get(name);
        }

        /** The first body of each text type, decoded, keyed by media type ("text/plain", "text/html"). */
        void collectBodies(Map<String, String> bodies) {
            String contentType = headers.getOrDefault("content-type", "text/plain");
            String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            String boundary = parameter(contentType, "boundary");
            if (mediaType.startsWith("multipart/") && boundary != null) {
                String[] segments = body.split("\r?\n?--" + Pattern.quote(boundary));
                for (int i = 1; i < segments.length && !segments[i].startsWith("--"); i++) {
                    parse(segments[i].substring(segments[i].indexOf('\n') + 1)).collectBodies(bodies);
                }
            } else if (mediaType.startsWith("text/")) {
                bodies.putIfAbsent(mediaType, decode(body));
            }
        }

        Instant date() {
            String date = header("date");
            try {
                return date == null
                        ? null
                        : ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        private String decode(String content) {
            Charset charset = charset(parameter(headers.getOrDefault("content-type", ""), "charset"));
            String encoding =
                    headers.getOrDefault("content-transfer-encoding", "").toLowerCase(Locale.ROOT);
            return switch (encoding) {
                case "base64" -> new String(Base64.getMimeDecoder().decode(content), charset);
                case "quoted-printable" -> new String(unquote(content.replaceAll("=\r?\n", ""), false), charset);
                default -> content;
            };
        }

        static String decodeWords(String value) {
            if (value == null) {
                return null;
            }
            // whitespace between two encoded words is not part of the text (RFC 2047 §6.2)
            Matcher word = ENCODED_WORD.matcher(value.replaceAll("(\\?=)\\s+(=\\?)", "$1$2"));
            StringBuilder decoded = new StringBuilder();
            while (word.find()) {
                Charset charset = charset(word.group(1));
                byte[] bytes = word.group(2).equalsIgnoreCase("B")
                        ? Base64.getDecoder().decode(word.group(3))
                        : unquote(word.group(3), true);
                word.appendReplacement(decoded, Matcher.quoteReplacement(new String(bytes, charset)));
            }
            return word.appendTail(decoded).toString();
        }

        private static byte[] unquote(String text, boolean underscoreIsSpace) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '=' && isHex(text, i + 1) && isHex(text, i + 2)) {
                    bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                } else if (c == '_' && underscoreIsSpace) {
                    bytes.write(' ');
                } else {
                    bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
            return bytes.toByteArray();
        }

        private static boolean isHex(String text, int index) {
            return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
        }

        private static String parameter(String headerValue, String name) {
            Matcher m = Pattern.compile(";\\s*" + name + "\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE)
                    .matcher(headerValue);
            return !m.find() ? null : m.group(2) != null ? m.group(2) : m.group(1);
        }

        private static Charset charset(String name) {
            try {
                return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }
    }
}
