package dev.autojoin.handler;

import static dev.autojoin.handler.TestStack.call;
import static dev.autojoin.handler.TestStack.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A company built through the real routes, and the calls tests make on it as one user or another. */
final class Company {
    final TestStack stack;
    final String id;
    final User owner;

    private Company(TestStack stack, String id, User owner) {
        this.stack = stack;
        this.id = id;
        this.owner = owner;
    }

    static Company create(TestStack stack, String name, User owner) {
        Reply created = call(stack.settings, http("POST /companies", Map.of(), json("name", name), owner));
        assertThat(created.status()).as("create %s: %s", name, created.body()).isEqualTo(201);
        return new Company(stack, created.body().path("id").asText(), owner);
    }

    /** Claims the domain by the owner's affiliation and sets its enrollment. */
    Company withDomain(String domain, String enrollment) {
        Reply claimed = call(
                stack.domains,
                http(
                        "POST /companies/{companyId}/domains",
                        Map.of("companyId", id),
                        "{\"domain\":\"" + domain + "\",\"method\":\"email\"}",
                        owner));
        assertThat(claimed.status()).as("claim: %s", claimed.body()).isIn(200, 201);
        enrollment(domain, enrollment);
        return this;
    }

    void enrollment(String domain, String enrollment) {
        Reply patched = call(
                stack.domains,
                http(
                        "PATCH /companies/{companyId}/domains/{domain}",
                        Map.of("companyId", id, "domain", domain),
                        json("enrollment", enrollment),
                        owner));
        assertThat(patched.status()).as("enrollment: %s", patched.body()).isEqualTo(200);
    }

    /** A new person signs up through the Cognito trigger (auto-join or suggestion, as the domain says). */
    static User signUp(TestStack stack, String email) {
        User user = new User(UUID.randomUUID().toString(), email, true);
        TestStack.invoke(stack.postSignup, TestStack.cognitoSignup(user.sub(), email, "true"));
        return user;
    }

    /** A member with exactly this role and these flags: signed up by auto-join, then changed by the owner. */
    User member(String email, String role, String... permissions) {
        User user = signUp(stack, email);
        assertThat(memberOf(user)).as("%s auto-joined", email).isTrue();
        Reply changed = as(
                owner,
                "PATCH /companies/{companyId}/members/{userId}",
                Map.of("userId", user.sub()),
                "{\"role\":\"" + role + "\",\"permissions\":" + array(permissions) + "}");
        assertThat(changed.status())
                .as("make %s %s: %s", email, role, changed.body())
                .isEqualTo(200);
        return user;
    }

    boolean memberOf(User user) {
        JsonNode companies = call(stack.settings, http("GET /me", Map.of(), null, user))
                .body()
                .path("companies");
        for (JsonNode c : companies) {
            if (c.path("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    JsonNode me(User user) {
        Reply me = call(stack.settings, http("GET /me", Map.of(), null, user));
        assertThat(me.status()).isEqualTo(200);
        return me.body();
    }

    /** A company route as {@code user} (null: signed out); {@code companyId} is filled in. */
    Reply as(User user, String routeKey, Map<String, String> pathParameters, String body, String... headers) {
        Map<String, String> params = new HashMap<>(pathParameters);
        if (routeKey.contains("{companyId}")) {
            params.put("companyId", id);
        }
        ObjectNode event = http(routeKey, params, body, user);
        for (int i = 0; i < headers.length; i += 2) {
            TestStack.withHeader(event, headers[i], headers[i + 1]);
        }
        return call(handlerOf(routeKey), event);
    }

    HttpFunction handlerOf(String routeKey) {
        if (InvitesHandler.ROUTES.contains(routeKey)) {
            return stack.invites;
        }
        return DomainsHandler.ROUTES.contains(routeKey) ? stack.domains : stack.settings;
    }

    String etag() {
        return as(owner, "GET /companies/{companyId}", Map.of(), null).headers().get("etag");
    }

    static String json(String field, String value) {
        return "{\"" + field + "\":\"" + value + "\"}";
    }

    static String array(String... values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append('"').append(values[i]).append('"');
        }
        return out.append(']').toString();
    }

    /** The company proves {@code domain} by DNS: asks for the record, publishes it on {@code dns}, checks it. */
    void proveByDns(dev.autojoin.testing.DnsServer dns, String domain) {
        Reply asked = as(
                owner,
                "POST /companies/{companyId}/domains",
                Map.of(),
                "{\"domain\":\"" + domain + "\",\"method\":\"dns\"}");
        assertThat(asked.status()).as("dns: %s", asked.body()).isIn(200, 201);
        JsonNode record = asked.body().path("dnsRecord");
        dns.publish(
                record.path("name").asText(),
                java.util.List.of(record.path("value").asText()));
        Reply checked = as(owner, "POST /companies/{companyId}/domains/{domain}/check", Map.of("domain", domain), null);
        assertThat(checked.body().path("method").asText())
                .as("%s", checked.body())
                .isEqualTo("dns");
        assertThat(checked.body().path("status").asText()).isEqualTo("verified");
    }
}
