package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.Notify;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Role;
import dev.autojoin.domain.TeamPermission;
import dev.autojoin.domain.VerificationMethod;
import dev.autojoin.domain.WireName;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a valid request to each route looks like, against one small company, so that a generator can break exactly
 * one thing about it and know the answer must be a refusal. The routes come from the handlers' {@code ROUTES}; a route
 * without a description here fails the suite.
 */
final class HostileRoutes {
    private HostileRoutes() {}

    enum Kind {
        STRING,
        BOOLEAN,
        INT,
        STRINGS,
        OBJECTS,
        MAP
    }

    /**
     * A body field: its kind, its JSON in a valid request, whether it is required, the fields of its elements (arrays
     * of objects), which string values the product accepts (null: no test of the value beyond its type), and the
     * entries of an object map ({@code additionalProperties}; null for any other kind).
     */
    record Field(
            String name,
            Kind kind,
            String valid,
            boolean required,
            List<Field> elements,
            Predicate<String> accepts,
            Entries entries) {
        Field(String name, Kind kind, String valid, boolean required, List<Field> elements, Predicate<String> accepts) {
            this(name, kind, valid, required, elements, accepts, null);
        }

        static Field string(String name, String valid, boolean required, Predicate<String> accepts) {
            return new Field(name, Kind.STRING, quoted(valid), required, List.of(), accepts);
        }

        static Field bool(String name, boolean valid, boolean required) {
            return new Field(name, Kind.BOOLEAN, Boolean.toString(valid), required, List.of(), null);
        }

        static Field integer(String name, int valid, int min, int max) {
            return new Field(name, Kind.INT, Integer.toString(valid), false, List.of(), raw -> {
                try {
                    int value = Integer.parseInt(raw);
                    return value >= min && value <= max;
                } catch (NumberFormatException e) {
                    return false;
                }
            });
        }

        static Field permissions(String name) {
            return new Field(
                    name, Kind.STRINGS, "[\"pay\"]", false, List.of(), HostileRoutes.accepts(Permission.class));
        }

        static Field teamPermissions(String name) {
            return new Field(
                    name,
                    Kind.STRINGS,
                    "[\"post_jobs\"]",
                    true,
                    List.of(),
                    HostileRoutes.accepts(TeamPermission.class));
        }

        static Field objects(String name, List<Field> elements) {
            return new Field(name, Kind.OBJECTS, null, true, elements, null);
        }

        /**
         * An optional object of team id to team flags, at most {@code max} teams; {@code teams}: the ids it takes;
         * {@code otherTeams}: real team ids it must refuse all the same.
         */
        static Field teams(String name, String validTeam, Predicate<String> teams, List<String> otherTeams, int max) {
            return new Field(
                    name,
                    Kind.MAP,
                    null,
                    false,
                    List.of(),
                    null,
                    new Entries(validTeam, teams, otherTeams, max, teamPermissions(validTeam)));
        }

        /** The field's JSON in a valid request. */
        String validJson() {
            return switch (kind) {
                case OBJECTS -> "[" + HostileRoutes.object(HostileRoutes.valid(elements)) + "]";
                case MAP -> HostileRoutes.object(
                        List.of(new Member(entries.validKey(), entries.value().validJson())));
                default -> valid;
            };
        }
    }

    /**
     * The entries of an object map: a key the product takes, which keys it takes (the product's rule: the format and
     * the thing it names), real ids of other things it must refuse as keys, how many entries at most, and what every
     * value is (its name unused).
     */
    record Entries(String validKey, Predicate<String> keys, List<String> refusedKeys, int max, Field value) {}

    /** One member of a JSON object as sent: a name and a JSON text (so duplicates and broken values can be sent). */
    record Member(String name, String json) {}

    /**
     * One route: the handler that serves it, real values for its path parameters, its body fields (none: it takes no
     * body), the sort-key prefix of its cursors (lists only), the version its {@code If-Match} must name (routes that
     * take one), and whether it is public, an HTML link page, the discovery route or the signup webhook.
     */
    record Route(
            String key,
            HttpFunction handler,
            Map<String, String> path,
            List<Field> body,
            Optional<String> cursorPrefix,
            Optional<Long> version,
            boolean isPublic,
            boolean page,
            boolean discovery,
            boolean webhook,
            boolean optionalBody) {
        String method() {
            return key.substring(0, key.indexOf(' '));
        }

        boolean takesBody() {
            return !body.isEmpty();
        }

        boolean takesPathParameters() {
            return !path.isEmpty();
        }

        boolean takesQuery() {
            return cursorPrefix.isPresent() || discovery;
        }

        boolean takesIfMatch() {
            return version.isPresent();
        }

        boolean needsSignIn() {
            return !isPublic;
        }

        String validBody() {
            return takesBody() ? object(valid(body)) : null;
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /**
     * The company every hostile request aims at, and the real ids, tokens and versions of its parts; {@code
     * otherTeams}: real team ids that are not its active teams (one it archived, one of another company).
     */
    record World(
            User owner,
            String companyId,
            String domain,
            User member,
            User asker,
            String inviteId,
            String inviteToken,
            String invitedEmail,
            String verificationToken,
            long companyVersion,
            long domainVersion,
            long memberVersion,
            String teamId,
            List<String> otherTeams) {

        /** Owner, a member who joined by request, a pending request, an open invitation and an emailed link. */
        static World create(TestStack stack, Emulator emulator) {
            User owner = User.verified("owner@hostile-co.com");
            String domain = "hostile-co.com";
            Company company = Company.create(stack, "HostileCo", owner).withDomain(domain, "suggest");
            User member = User.verified("member@hostile-co.com");
            User asker = User.verified("asker@hostile-co.com");
            for (User user : List.of(member, asker)) {
                Reply opened = company.as(user, "POST /companies/{companyId}/join-requests", Map.of(), null);
                assertThat(opened.status()).isEqualTo(201);
            }
            Reply approved = company.as(
                    owner,
                    "POST /companies/{companyId}/join-requests/{userId}/approve",
                    Map.of("userId", member.sub()),
                    null);
            assertThat(approved.status()).isEqualTo(200);
            String invitedEmail = "invitee@elsewhere-co.com";
            Reply invited = company.as(
                    owner,
                    "POST /companies/{companyId}/invites",
                    Map.of(),
                    "{\"invites\":[{\"email\":\"" + invitedEmail + "\"}]}");
            String inviteId =
                    invited.body().path("results").get(0).path("inviteId").asText();
            assertThat(inviteId).isNotBlank();
            Reply claimed = company.as(
                    owner,
                    "POST /companies/{companyId}/domains",
                    Map.of(),
                    "{\"domain\":\"proof-hostile.com\",\"method\":\"email\","
                            + "\"verificationEmail\":\"it@proof-hostile.com\"}");
            assertThat(claimed.status()).isEqualTo(201);

            String teamId = firstTeam(company);
            Reply archived = company.as(owner, "POST /companies/{companyId}/teams", Map.of(), "{\"name\":\"Gone\"}");
            String archivedTeam = archived.body().path("id").asText();
            assertThat(company.as(
                                    owner,
                                    "POST /companies/{companyId}/teams/{teamId}/archive",
                                    Map.of("teamId", archivedTeam),
                                    null)
                            .status())
                    .isEqualTo(200);
            Company other = Company.create(stack, "Other HostileCo", User.verified("owner@other-hostile-co.com"));
            String foreignTeam = firstTeam(other);

            Reply domains = company.as(owner, "GET /companies/{companyId}/domains", Map.of(), null);
            Reply members = company.as(owner, "GET /companies/{companyId}/members", Map.of(), null);
            stack.mailInvitations();
            return new World(
                    owner,
                    company.id,
                    domain,
                    member,
                    asker,
                    inviteId,
                    linkToken(emulator, invitedEmail, "/invites/"),
                    invitedEmail,
                    linkToken(emulator, "it@proof-hostile.com", "/domain-verifications/"),
                    Long.parseLong(company.etag().replace("\"", "")),
                    versionOf(domains.body().path("items"), "domain", domain),
                    versionOf(members.body().path("items"), "userId", member.sub()),
                    teamId,
                    List.of(archivedTeam, foreignTeam));
        }

        private static String firstTeam(Company company) {
            return company.as(company.owner, "GET /companies/{companyId}/teams", Map.of(), null)
                    .body()
                    .path("items")
                    .get(0)
                    .path("id")
                    .asText();
        }

        private static long versionOf(JsonNode items, String field, String value) {
            for (JsonNode item : items) {
                if (item.path(field).asText().equals(value)) {
                    return item.path("version").asLong();
                }
            }
            throw new AssertionError("no " + field + " " + value + " in " + items);
        }

        private static String linkToken(Emulator emulator, String to, String path) {
            Pattern link = Pattern.compile(Pattern.quote(path) + "([A-Za-z0-9_-]{20,})");
            for (Emulator.SentEmail email : emulator.sentEmails()) {
                Matcher found = link.matcher(String.valueOf(email.text()) + email.html());
                if (email.to().contains(to) && found.find()) {
                    return found.group(1);
                }
            }
            throw new AssertionError("no email to " + to + " with a link to " + path);
        }
    }

    /** Every route of every handler, described; fails on a route without a description or one no handler serves. */
    static Map<String, Route> all(TestStack stack, World world) {
        Map<String, HttpFunction> handlers = new LinkedHashMap<>();
        SettingsHandler.ROUTES.forEach(key -> handlers.put(key, stack.settings));
        DomainsHandler.ROUTES.forEach(key -> handlers.put(key, stack.domains));
        InvitesHandler.ROUTES.forEach(key -> handlers.put(key, stack.invites));
        SignupWebhookHandler.ROUTES.forEach(key -> handlers.put(key, stack.signupWebhook));
        Set<String> publicRoutes = publicRoutes();

        Map<String, Description> described = descriptions(world);
        Set<String> undescribed = new TreeSet<>(handlers.keySet());
        undescribed.removeAll(described.keySet());
        Set<String> unserved = new TreeSet<>(described.keySet());
        unserved.removeAll(handlers.keySet());
        assertThat(undescribed)
                .as("routes without a hostile-input generator: describe them in HostileRoutes.descriptions")
                .isEmpty();
        assertThat(unserved).as("described routes no handler serves").isEmpty();

        Map<String, Route> routes = new LinkedHashMap<>();
        for (String key : new TreeSet<>(handlers.keySet())) {
            Description d = described.get(key);
            Map<String, String> path = new LinkedHashMap<>();
            Matcher parameter = Pattern.compile("\\{(\\w+)}").matcher(key);
            while (parameter.find()) {
                String name = parameter.group(1);
                String value = d.path().get(name);
                assertThat(value).as("a real value for {%s} of %s", name, key).isNotNull();
                path.put(name, value);
            }
            routes.put(
                    key,
                    new Route(
                            key,
                            handlers.get(key),
                            path,
                            d.body(),
                            d.cursorPrefix(),
                            d.version(),
                            publicRoutes.contains(key),
                            d.page(),
                            key.equals("GET /discovery"),
                            key.equals("POST /hooks/signup"),
                            d.optionalBody()));
        }
        return routes;
    }

    /** {@code optionalBody}: no body at all (an empty one) is a valid request too. */
    private record Description(
            Map<String, String> path,
            List<Field> body,
            Optional<String> cursorPrefix,
            Optional<Long> version,
            boolean page,
            boolean optionalBody) {
        static Description of(Map<String, String> path) {
            return new Description(path, List.of(), Optional.empty(), Optional.empty(), false, false);
        }

        Description body(Field... fields) {
            return new Description(path, List.of(fields), cursorPrefix, version, page, optionalBody);
        }

        /** The body may be left out altogether (openapi.yaml: {@code requestBody.required: false}). */
        Description optionalBody(Field... fields) {
            return new Description(path, List.of(fields), cursorPrefix, version, page, true);
        }

        Description lists(String prefix) {
            return new Description(path, body, Optional.of(prefix), version, page, optionalBody);
        }

        Description ifMatch(long current) {
            return new Description(path, body, cursorPrefix, Optional.of(current), page, optionalBody);
        }

        Description linkPage() {
            return new Description(path, body, cursorPrefix, version, true, optionalBody);
        }
    }

    private static Map<String, Description> descriptions(World w) {
        Map<String, String> company = Map.of("companyId", w.companyId());
        Map<String, String> member =
                Map.of("companyId", w.companyId(), "userId", w.member().sub());
        Map<String, String> requester =
                Map.of("companyId", w.companyId(), "userId", w.asker().sub());
        Map<String, String> domain = Map.of("companyId", w.companyId(), "domain", w.domain());
        Map<String, String> invite = Map.of("companyId", w.companyId(), "inviteId", w.inviteId());
        Map<String, String> inviteLink = Map.of("token", w.inviteToken());
        Map<String, String> verificationLink = Map.of("token", w.verificationToken());
        Field defaultRole = Field.string("defaultRole", "member", false, accepts(Role.class));
        Field role = Field.string("role", "member", false, accepts(Role.class));

        Map<String, Description> d = new LinkedHashMap<>();
        d.put("GET /me", Description.of(Map.of()));
        d.put("POST /me/offers/{companyId}/join", Description.of(company));
        d.put("POST /me/offers/{companyId}/keep", Description.of(company));
        d.put(
                "POST /companies",
                Description.of(Map.of()).body(Field.string("name", "Hostile Two", true, COMPANY_NAME)));
        d.put("GET /companies/{companyId}", Description.of(company));
        d.put(
                "PATCH /companies/{companyId}/settings",
                Description.of(company)
                        .body(
                                Field.string("name", "HostileCo", false, COMPANY_NAME),
                                Field.string("notify", "requests_only", false, accepts(Notify.class)),
                                Field.integer("invitationExpiryDays", 7, 1, 30),
                                defaultRole,
                                Field.permissions("defaultPermissions"))
                        .ifMatch(w.companyVersion()));
        d.put("GET /companies/{companyId}/members", Description.of(company).lists("MEMBER#"));
        d.put(
                "PATCH /companies/{companyId}/members/{userId}",
                Description.of(member)
                        .body(role, Field.permissions("permissions"))
                        .ifMatch(w.memberVersion()));
        d.put("DELETE /companies/{companyId}/members/{userId}", Description.of(member));
        d.put("POST /companies/{companyId}/join-requests", Description.of(company));
        d.put(
                "GET /companies/{companyId}/join-requests",
                Description.of(company).lists("REQUEST#"));
        d.put(
                "POST /companies/{companyId}/join-requests/{userId}/approve",
                Description.of(requester)
                        .optionalBody(Field.teams(
                                "teams",
                                w.teamId(),
                                Set.of(w.teamId())::contains,
                                w.otherTeams(),
                                DomainClaim.MAX_DEFAULT_TEAMS)));
        d.put("POST /companies/{companyId}/join-requests/{userId}/decline", Description.of(requester));
        d.put("GET /companies/{companyId}/audit", Description.of(company).lists("AUDIT#"));
        Map<String, String> team = Map.of("companyId", w.companyId(), "teamId", w.teamId());
        Field teamName = Field.string("name", "Hostile team", true, TEAM_NAME);
        d.put("GET /companies/{companyId}/teams", Description.of(company));
        d.put("POST /companies/{companyId}/teams", Description.of(company).body(teamName));
        d.put(
                "PATCH /companies/{companyId}/teams/{teamId}",
                Description.of(team).body(teamName).ifMatch(1));
        d.put("POST /companies/{companyId}/teams/{teamId}/archive", Description.of(team));
        d.put("POST /companies/{companyId}/teams/{teamId}/restore", Description.of(team));
        Map<String, String> teamMember = Map.of(
                "companyId",
                w.companyId(),
                "teamId",
                w.teamId(),
                "userId",
                w.member().sub());
        d.put(
                "PUT /companies/{companyId}/teams/{teamId}/members/{userId}",
                Description.of(teamMember).body(Field.teamPermissions("permissions")));
        d.put("DELETE /companies/{companyId}/teams/{teamId}/members/{userId}", Description.of(teamMember));

        d.put("GET /companies/{companyId}/domains", Description.of(company));
        d.put(
                "POST /companies/{companyId}/domains",
                Description.of(company)
                        .body(
                                Field.string("domain", "email-hostile.com", true, DOMAIN_NAME),
                                Field.string("method", "email", true, accepts(VerificationMethod.class)),
                                Field.string("verificationEmail", "it@email-hostile.com", false, EMAIL)));
        d.put("POST /companies/{companyId}/domains/{domain}/check", Description.of(domain));
        d.put("GET /companies/{companyId}/domains/{domain}/people-outside", Description.of(domain));
        d.put(
                "PATCH /companies/{companyId}/domains/{domain}",
                Description.of(domain)
                        .body(
                                Field.string("enrollment", "suggest", false, accepts(Enrollment.class)),
                                Field.bool("includeSubdomains", false, false),
                                defaultRole,
                                Field.permissions("defaultPermissions"),
                                Field.teams(
                                        "defaultTeams",
                                        w.teamId(),
                                        Set.of(w.teamId())::contains,
                                        w.otherTeams(),
                                        DomainClaim.MAX_DEFAULT_TEAMS),
                                Field.bool("capture", false, false))
                        .ifMatch(w.domainVersion()));
        d.put("DELETE /companies/{companyId}/domains/{domain}", Description.of(domain));
        d.put(
                "GET /domain-verifications/{token}",
                Description.of(verificationLink).linkPage());
        d.put(
                "POST /domain-verifications/{token}",
                Description.of(verificationLink).linkPage());
        d.put("GET /discovery", Description.of(Map.of()));

        d.put(
                "POST /companies/{companyId}/invites",
                Description.of(company)
                        .body(
                                Field.objects(
                                        "invites",
                                        List.of(
                                                // A bad address is one result among many, not a refused request.
                                                Field.string("email", "new@elsewhere-co.com", true, null),
                                                role,
                                                Field.permissions("permissions"),
                                                Field.teams(
                                                        "teams",
                                                        w.teamId(),
                                                        Set.of(w.teamId())::contains,
                                                        w.otherTeams(),
                                                        DomainClaim.MAX_DEFAULT_TEAMS))),
                                Field.bool("resend", false, false)));
        d.put("GET /companies/{companyId}/invites", Description.of(company).lists("INVITE#"));
        d.put("POST /companies/{companyId}/invites/{inviteId}/resend", Description.of(invite));
        d.put("DELETE /companies/{companyId}/invites/{inviteId}", Description.of(invite));
        d.put("GET /invites/{token}", Description.of(inviteLink).linkPage());
        d.put("HEAD /invites/{token}", Description.of(inviteLink).linkPage());
        d.put("POST /invites/{token}/accept", Description.of(inviteLink));

        d.put(
                "POST /hooks/signup",
                Description.of(Map.of())
                        .body(
                                Field.string("sub", "hook-sub", true, sub -> !sub.isBlank() && sub.length() <= 128),
                                // The webhook reports an unusable address as an outcome, like Cognito's trigger.
                                Field.string("email", "hook@hostile-co.com", true, null),
                                Field.bool("emailVerified", true, true)));
        // The providers' own formats: their signatures and payloads are HostileSignupIT's; here, whatever else a
        // request can get wrong (headers, encodings, methods) is refused and changes nothing.
        for (String hook : PROVIDER_HOOKS) {
            d.put(hook, Description.of(Map.of()));
        }
        return d;
    }

    /** The identity providers' own formats, whose bodies HostileSignupIT forges. */
    static final Set<String> PROVIDER_HOOKS = Set.of(
            "POST /hooks/clerk",
            "POST /hooks/workos",
            "GET /hooks/okta",
            "POST /hooks/okta",
            "POST /hooks/keycloak",
            "POST /hooks/firebase");

    private static final JsonNode OPENAPI = yaml("openapi.yaml");

    /**
     * Where the route's described body differs from its JSON request body in openapi.yaml: a field missing on either
     * side, or of another shape (kind, required, a map's most entries). Empty when they agree, so that a field added
     * to the contract is broken here as soon as it is there.
     */
    static List<String> unlikeTheContract(Route route) {
        JsonNode operation = OPENAPI.path("paths")
                .path(route.key().substring(route.key().indexOf(' ') + 1))
                .path(route.method().toLowerCase(Locale.ROOT));
        JsonNode schema = resolved(operation
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema"));
        List<String> unlike = new ArrayList<>();
        if (PROVIDER_HOOKS.contains(route.key())) {
            return unlike;
        }
        if (schema.isMissingNode() != route.body().isEmpty()) {
            unlike.add(route + ": a JSON body in openapi.yaml " + !schema.isMissingNode() + ", described "
                    + route.takesBody());
            return unlike;
        }
        compare(route.key(), schema, route.body(), unlike);
        return unlike;
    }

    private static void compare(String where, JsonNode schema, List<Field> fields, List<String> unlike) {
        Set<String> contract = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(contract::add);
        Set<String> described = fields.stream().map(Field::name).collect(Collectors.toCollection(TreeSet::new));
        if (!contract.equals(described)) {
            unlike.add(where + ": fields " + contract + " in openapi.yaml, described " + described);
        }
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        for (Field field : fields) {
            JsonNode property = resolved(schema.path("properties").path(field.name()));
            if (property.isMissingNode()) {
                continue;
            }
            String at = where + " " + field.name();
            Kind kind = kindOf(property);
            if (kind != field.kind()) {
                unlike.add(at + ": a " + kind + " in openapi.yaml, described as " + field.kind());
            }
            // Leaving out a field the contract requires is a flaw the generators must send (missing_field).
            if (required.contains(field.name()) && !field.required()) {
                unlike.add(at + ": required in openapi.yaml, described as optional");
            }
            if (kind == Kind.OBJECTS && field.kind() == Kind.OBJECTS) {
                compare(at + "[]", resolved(property.path("items")), field.elements(), unlike);
            }
            if (kind == Kind.MAP && field.kind() == Kind.MAP) {
                if (property.path("maxProperties").asInt(-1) != field.entries().max()) {
                    unlike.add(at + ": at most " + property.path("maxProperties") + " entries in openapi.yaml, "
                            + field.entries().max() + " described");
                }
                Kind values = kindOf(resolved(property.path("additionalProperties")));
                if (values != field.entries().value().kind()) {
                    unlike.add(at + ": values of kind " + values + " in openapi.yaml, described as "
                            + field.entries().value().kind());
                }
            }
        }
    }

    private static Kind kindOf(JsonNode schema) {
        return switch (schema.path("type").asText()) {
            case "string" -> Kind.STRING;
            case "boolean" -> Kind.BOOLEAN;
            case "integer" -> Kind.INT;
            case "array" -> resolved(schema.path("items")).path("type").asText().equals("object")
                    ? Kind.OBJECTS
                    : Kind.STRINGS;
            case "object" -> schema.path("additionalProperties").isObject() ? Kind.MAP : null;
            default -> null;
        };
    }

    private static JsonNode resolved(JsonNode node) {
        while (node.has("$ref")) {
            node = OPENAPI.at(node.path("$ref").asText().substring(1));
        }
        return node;
    }

    private static JsonNode yaml(String file) {
        try {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(TestStack.repo().resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The routes template.yaml opens without the JWT authorizer ({@code Auth: Authorizer: NONE}). */
    static Set<String> publicRoutes() {
        JsonNode template = yaml("template.yaml");
        Set<String> open = new TreeSet<>();
        for (Iterator<JsonNode> resources = template.path("Resources").elements(); resources.hasNext(); ) {
            for (Iterator<JsonNode> events =
                            resources.next().path("Properties").path("Events").elements();
                    events.hasNext(); ) {
                JsonNode event = events.next();
                JsonNode properties = event.path("Properties");
                if ("HttpApi".equals(event.path("Type").asText())
                        && "NONE"
                                .equals(properties
                                        .path("Auth")
                                        .path("Authorizer")
                                        .asText())) {
                    open.add(properties.path("Method").asText().toUpperCase(Locale.ROOT) + " "
                            + properties.path("Path").asText());
                }
            }
        }
        return open;
    }

    static List<Member> valid(List<Field> fields) {
        return fields.stream().map(f -> new Member(f.name(), f.validJson())).collect(Collectors.toList());
    }

    static String object(List<Member> members) {
        return members.stream().map(m -> quoted(m.name()) + ":" + m.json()).collect(Collectors.joining(",", "{", "}"));
    }

    static String quoted(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code parse} takes the value (the product's own rule decides what a valid value is). */
    static Predicate<String> parses(Consumer<String> parse) {
        return raw -> {
            try {
                parse.accept(raw);
                return true;
            } catch (RuntimeException refused) {
                return false;
            }
        };
    }

    static <E extends Enum<E> & WireName> Predicate<String> accepts(Class<E> type) {
        return parses(raw -> WireName.parse(type, raw, "value"));
    }

    static final Predicate<String> COMPANY_NAME = parses(dev.autojoin.domain.Company::validName);
    static final Predicate<String> TEAM_NAME = parses(dev.autojoin.domain.Team::validName);
    static final Predicate<String> DOMAIN_NAME = parses(DomainName::parse);
    static final Predicate<String> EMAIL = parses(EmailAddress::parse);

    /** The value as the product reads a JSON string: anything not well-formed Unicode is never a valid value. */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
