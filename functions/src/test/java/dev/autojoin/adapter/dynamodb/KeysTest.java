package dev.autojoin.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {
    @Test
    void auditKeys_sortInTimeOrder_whateverTheFractionOfTheSecond() {
        List<Instant> inOrder = List.of(
                Instant.parse("2026-11-27T10:00:00Z"),
                Instant.parse("2026-11-27T10:00:00.000001Z"),
                Instant.parse("2026-11-27T10:00:00.1Z"),
                Instant.parse("2026-11-27T10:00:00.123Z"),
                Instant.parse("2026-11-27T10:00:00.5Z"),
                Instant.parse("2026-11-27T10:00:01Z"),
                Instant.parse("2026-11-27T10:00:01.000000001Z"));

        List<String> keys = inOrder.stream().map(at -> Keys.audit(at, "id")).toList();

        assertThat(keys).isSorted();
        assertThat(keys.get(0)).isEqualTo("AUDIT#2026-11-27T10:00:00.000000000Z#id");
    }
}
