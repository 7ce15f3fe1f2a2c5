package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.Page;
import dev.autojoin.domain.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors: base64url of the last sort key of a page. The partition is never in the cursor (it comes from
 * the route), and a cursor whose key lies outside the listed prefix is refused, so no cursor reaches another
 * company's items or another kind of item.
 */
final class Cursors {
    private static final int MAX_KEY_LENGTH = 1024;

    private Cursors() {}

    static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The ExclusiveStartKey for {@code cursor} in partition {@code pk}, or null for the first page. */
    static Map<String, AttributeValue> startKey(String pk, Optional<String> cursor, String prefix) {
        if (cursor.isEmpty()) {
            return null;
        }
        String sortKey = decode(cursor.get());
        if (!sortKey.startsWith(prefix) || !fitsAKey(sortKey)) {
            throw invalid();
        }
        return Keys.item(pk, sortKey);
    }

    /** DynamoDB's limit on a sort key is in bytes: a key of few but wide characters would be a 503 there. */
    static boolean fitsAKey(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_LENGTH;
    }

    /** What {@link #encode} encoded; anything else, or longer than a key may be, is refused. */
    static String decode(String cursor) {
        byte[] bytes;
        String decoded;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
            // Every cursor we send is UTF-8: anything else was made up, and is refused rather than repaired.
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalid();
        }
        if (bytes.length > 2 * MAX_KEY_LENGTH + 1) {
            throw invalid();
        }
        return decoded;
    }

    /** One page of the items under {@code prefix} in partition {@code pk}: one Query request, strongly consistent. */
    static <I extends BaseItem, T> Page<T> query(
            DynamoDbTable<I> table,
            String pk,
            String prefix,
            Page.Request page,
            boolean newestFirst,
            Function<I, T> toDomain) {
        QueryEnhancedRequest request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.sortBeginsWith(Keys.of(pk, prefix)))
                .limit(page.limit() + 1)
                .scanIndexForward(!newestFirst)
                .consistentRead(true)
                .exclusiveStartKey(startKey(pk, page.cursor(), prefix))
                .build();
        software.amazon.awssdk.enhanced.dynamodb.model.Page<I> first =
                table.query(request).iterator().next();
        return page(first.items(), page.limit(), first.lastEvaluatedKey(), toDomain);
    }

    /**
     * A page from a query that asked for {@code limit + 1} items: the extra item only proves there is a next page,
     * so the last page never ends with a cursor to nothing.
     */
    static <I extends BaseItem, T> Page<T> page(
            List<I> fetched, int limit, Map<String, AttributeValue> lastEvaluatedKey, Function<I, T> toDomain) {
        return page(fetched, limit, lastEvaluatedKey, toDomain, BaseItem::getSk);
    }

    /** {@link #page}, for an index whose position is more than the item's sort key ({@code position} says what). */
    static <I extends BaseItem, T> Page<T> page(
            List<I> fetched,
            int limit,
            Map<String, AttributeValue> lastEvaluatedKey,
            Function<I, T> toDomain,
            Function<I, String> position) {
        List<T> items = new ArrayList<>();
        for (int i = 0; i < fetched.size() && i < limit; i++) {
            items.add(toDomain.apply(fetched.get(i)));
        }
        Optional<String> next = Optional.empty();
        if (fetched.size() > limit) {
            next = Optional.of(encode(position.apply(fetched.get(limit - 1))));
        } else if (lastEvaluatedKey != null && !lastEvaluatedKey.isEmpty() && !fetched.isEmpty()) {
            // DynamoDB stopped at its 1 MB page size before the limit.
            next = Optional.of(encode(position.apply(fetched.get(fetched.size() - 1))));
        }
        return new Page<>(items, next);
    }

    static InvalidInputException invalid() {
        return new InvalidInputException("invalid_cursor", "cursor is not one we sent for this list.", "cursor");
    }
}
