package dev.autojoin.domain;

import java.util.Locale;

/** Enum constants travel as snake_case words ({@code AUTO_JOIN} is {@code auto_join}). */
public interface WireName {
    String name();

    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E> & WireName> E parse(Class<E> type, String raw, String field) {
        if (raw != null) {
            for (E e : type.getEnumConstants()) {
                if (e.wire().equals(raw)) {
                    return e;
                }
            }
        }
        throw new InvalidInputException("invalid_" + field, "Unknown " + field + ": " + printable(raw) + ".", field);
    }

    private static String printable(String raw) {
        if (raw == null) {
            return "(missing)";
        }
        String cut = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
