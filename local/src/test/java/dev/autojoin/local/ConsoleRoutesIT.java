package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.local.SamTemplate.Route;
import dev.autojoin.testing.TableFromTemplate;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the local stack serves for the console: its page and assets, the user list, the sample events. */
class ConsoleRoutesIT {

    private final LocalApi api = LocalApi.shared();

    @Test
    void console_isServedAtTheRoot_withAPolicyThatKeepsEverythingOnThisOrigin() {
        LocalApi.Reply page = api.get("/", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'", "connect-src 'self'"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
    }

    @Test
    void consoleAssets_areServed_butNothingOutsideTheConsoleFolder() {
        LocalApi.Reply script = api.get("/console/pages/register.js", null);
        LocalApi.Reply missing = api.get("/console/no-such.js", null);
        LocalApi.Reply climbing = api.get("/console/%2e%2e/dev/autojoin/local/LocalStack.class", null);
        LocalApi.Reply written = api.post("/console/app.js", null, "{}");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("code").asText()).isEqualTo("not_found");
        assertThat(climbing.status()).isEqualTo(404);
        assertThat(written.status()).isEqualTo(405);
    }

    @Test
    void apiRoutes_stillAnswer_besideTheConsole() {
        assertThat(api.get("/me", null).status()).isEqualTo(401);
        assertThat(api.get("/consoles", null).body()).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void console_refusesATemplateThatRoutesItsPaths() {
        Route root = new Route("GET", "/", "SettingsFunction", true);
        Route assets = new Route("ANY", "/console/{path+}", "SettingsFunction", true);
        Route beside = new Route("GET", "/consoles", "SettingsFunction", true);

        assertThatThrownBy(() -> Console.inFrontOf(exchange -> {}, List.of(root)))
                .hasMessageContaining("GET /");
        assertThatThrownBy(() -> Console.inFrontOf(exchange -> {}, List.of(assets)))
                .hasMessageContaining("ANY /console/{path+}");
        assertThat(Console.inFrontOf(exchange -> {}, List.of(beside))).isNotNull();
    }

    @Test
    void localUsers_listsEveryUser_inSignUpOrder() {
        String first = "first-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String second = "second-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        LocalApi.Session one = api.signUp(first, true);
        api.signUp(second, false);

        JsonNode users = api.get("/_local/users", null).json();

        List<String> emails = users.findValuesAsText("email");
        assertThat(emails).containsSubsequence(first, second);
        JsonNode firstUser = users.get(emails.indexOf(first));
        assertThat(firstUser.path("sub").asText()).isEqualTo(one.sub());
        assertThat(firstUser.path("emailVerified").asBoolean()).isTrue();
        assertThat(firstUser.has("token")).isFalse();
    }

    @Test
    void localEvents_listTheSampleEvents_withTheFunctionEachIsFor() throws Exception {
        JsonNode events = api.get("/_local/events", null).json();

        assertThat(functionOf(events, "cognito-post-confirmation-signup.json")).isEqualTo("PostSignupFunction");
        assertThat(functionOf(events, "http-get-me.json")).isEqualTo("SettingsFunction");
        assertThat(functionOf(events, "signup-webhook.json")).isEqualTo("SignupWebhookFunction");
        assertThat(functionOf(events, "sns-ses-bounce.json")).isEqualTo("MailFeedbackFunction");
        LocalApi.Reply one = api.get("/_local/events/http-get-me.json", null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json())
                .isEqualTo(LocalApi.JSON.readTree(Files.readString(
                        TableFromTemplate.findRepoRoot().orElseThrow().resolve("events/http-get-me.json"))));
        assertThat(api.get("/_local/events/..%2Ftemplate.yaml", null).status()).isEqualTo(404);
        assertThat(api.get("/_local/events/no-such.json", null).status()).isEqualTo(404);
    }

    private static String functionOf(JsonNode events, String name) {
        for (JsonNode event : events) {
            if (event.path("name").asText().equals(name)) {
                return event.path("function").asText();
            }
        }
        throw new AssertionError(name + " is not listed: " + events);
    }
}
