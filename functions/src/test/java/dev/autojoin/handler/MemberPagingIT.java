package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.adapter.dynamodb.TableSeed;
import dev.autojoin.domain.Actor;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import dev.autojoin.domain.Provenance;
import dev.autojoin.domain.ProvenanceType;
import dev.autojoin.domain.Role;
import dev.autojoin.handler.TestStack.Reply;
import dev.autojoin.handler.TestStack.User;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.EmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A company of 251 (its owner and 250 seeded members), listed page by page. Its own class: a big table is slow. */
@ExtendWith(EmulatorExtension.class)
class MemberPagingIT {
    private static TestStack stack;
    private static Company co;

    @BeforeAll
    static void givenACompanyOf251(Emulator emulator) {
        stack = new TestStack(emulator);
        co = Company.create(stack, "Big Co", User.verified("boss@big-co.com"));
        List<Membership> members = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            members.add(new Membership(
                    co.id,
                    "Big Co",
                    String.format("user-%03d", i),
                    EmailAddress.parse("person" + i + "@big-co.com"),
                    Role.MEMBER,
                    Set.of(Permission.PAY),
                    new Provenance(
                            ProvenanceType.AUTO_JOIN, new DomainName("big-co.com"), Actor.policy(), Instant.now())));
        }
        TableSeed.members(emulator.dynamoDb(), EmulatorExtension.TABLE, members);
    }

    @ParameterizedTest(name = "limit {0}: {1} pages")
    @CsvSource({"100, 3", "50, 6", "200, 2", "251, -1"})
    void everyMemberIsListedOnce_inPagesOfTheAskedSize_eachOneGetItemAndOneQuery(String limit, int pages) {
        if (pages < 0) {
            assertThat(page(limit, null).status()).isEqualTo(400);
            return;
        }
        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            stack.requests.reset();
            Reply reply = page(limit, cursor);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(stack.requests.snapshot()).isEqualTo(Map.of("DynamoDb.GetItem", 1, "DynamoDb.Query", 1));
            JsonNode body = reply.body();
            body.path("items").forEach(m -> assertThat(seen.add(m.path("userId").asText()))
                    .as("listed once")
                    .isTrue());
            sizes.add(body.path("items").size());
            cursor = body.path("nextCursor").isNull()
                    ? null
                    : body.path("nextCursor").asText();
        } while (cursor != null);

        assertThat(seen).hasSize(251);
        assertThat(sizes).hasSize(pages);
        assertThat(sizes.subList(0, pages - 1)).containsOnly(Integer.parseInt(limit));
        assertThat(sizes.get(pages - 1)).isPositive();
    }

    @Test
    void badPagingInput_is400_andACursorCannotLeaveTheMemberList() {
        String auditKey =
                Base64.getUrlEncoder().withoutPadding().encodeToString("AUDIT#2026".getBytes(StandardCharsets.UTF_8));

        assertThat(page("0", null).body().path("code").asText()).isEqualTo("invalid_limit");
        assertThat(page("ten", null).body().path("code").asText()).isEqualTo("invalid_limit");
        assertThat(page("10", "%%%").body().path("code").asText()).isEqualTo("invalid_cursor");
        assertThat(page("10", auditKey).body().path("code").asText()).isEqualTo("invalid_cursor");
    }

    private static Reply page(String limit, String cursor) {
        ObjectNode event =
                TestStack.http("GET /companies/{companyId}/members", Map.of("companyId", co.id), null, co.owner);
        TestStack.withQuery(event, "limit", limit);
        if (cursor != null) {
            TestStack.withQuery(event, "cursor", cursor);
        }
        return TestStack.call(stack.settings, event);
    }
}
