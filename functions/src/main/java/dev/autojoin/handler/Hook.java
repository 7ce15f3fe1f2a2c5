package dev.autojoin.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autojoin.app.ReceiveSignup;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.UnauthenticatedException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One identity provider's sign-up hook: authenticates a delivery by the provider's own scheme, then reads the
 * sign-ups it carries. {@link #read} touches no store: a forged, stale or malformed delivery costs nothing but CPU.
 */
interface Hook {
    /** The name deliveries are recorded and logged under ({@code clerk}, {@code okta}...). */
    String source();

    /**
     * The sign-ups of an authentic delivery (none for an event this product has no use for); {@link
     * UnauthenticatedException} (401) for a delivery the provider did not sign, {@link InvalidInputException} (400)
     * for one it signed but we cannot read.
     */
    List<ReceiveSignup.Delivery> read(Function<String, Optional<String>> header, byte[] body);

    static UnauthenticatedException rejected(String why) {
        return new UnauthenticatedException("invalid_signature", "Delivery rejected: " + why + ".");
    }

    static InvalidInputException malformed(String why) {
        return new InvalidInputException("malformed_body", "Delivery not understood: " + why + ".", null);
    }

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code given} (hex, either case) is {@code expected}, in time independent of where they differ. */
    static boolean hexMatches(byte[] expected, String given) {
        byte[] decoded;
        try {
            decoded = HexFormat.of().parseHex(given.strip());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(expected, decoded);
    }

    /** The body as a JSON object; its text must be UTF-8 and its JSON strict (no duplicate keys, nothing after). */
    static JsonNode json(byte[] body) {
        String text = ApiRequest.utf8(body);
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("the body is not a JSON object");
        }
        return root;
    }

    /** A string at {@code path} (dot-separated), present and not blank. */
    static String text(JsonNode root, String path) {
        return optionalText(root, path).orElseThrow(() -> malformed(path + " is missing"));
    }

    static Optional<String> optionalText(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw malformed(path + " is not a string");
        }
        // Half a surrogate pair is no text: no store or email should carry it.
        if (!JsonBody.wellFormed(node.asText())) {
            throw malformed(path + " is not valid Unicode");
        }
        return Optional.of(node.asText());
    }

    /** A JSON boolean at {@code path}; a string "true" is no boolean here (the providers send booleans). */
    static boolean bool(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node == null || !node.isBoolean()) {
            throw malformed(path + " is not a boolean");
        }
        return node.asBoolean();
    }

    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String name : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(name);
        }
        return node;
    }

    /** A sign-up whose user id and delivery id fit what the providers issue, else 400. */
    static ReceiveSignup.Delivery delivery(String source, String id, String sub, String email, boolean verified) {
        if (id.length() > ReceiveSignup.MAX_ID_LENGTH || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw malformed("the delivery id is not 1 to " + ReceiveSignup.MAX_ID_LENGTH + " printable characters");
        }
        if (sub.length() > 128) {
            throw malformed("the user id is longer than 128 characters");
        }
        return new ReceiveSignup.Delivery(source, id, sub, email, verified);
    }
}
