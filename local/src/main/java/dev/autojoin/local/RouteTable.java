package dev.autojoin.local;

import dev.autojoin.local.SamTemplate.Route;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP API route selection: {@code {param}} matches one path segment, {@code {param+}} the rest of the path, and the
 * most specific route wins (literal segments over parameters over greedy parameters, position by position; an exact
 * method over {@code ANY}; {@code $default} last).
 */
final class RouteTable {

    /** A selected route and its decoded path parameters. */
    record Match(Route route, Map<String, String> pathParameters) {}

    private final List<CompiledRoute> routes;

    RouteTable(List<Route> routes) {
        this.routes = routes.stream().map(CompiledRoute::new).toList();
    }

    Optional<Match> match(String method, String rawPath) {
        String[] segments = segments(rawPath);
        return routes.stream()
                .filter(route -> route.accepts(method, segments))
                .min(Comparator.naturalOrder())
                .map(route -> new Match(route.route, route.parameters(segments)));
    }

    private static String[] segments(String path) {
        return path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
    }

    private enum Kind {
        LITERAL,
        PARAMETER,
        GREEDY
    }

    private static final class CompiledRoute implements Comparable<CompiledRoute> {
        private final Route route;
        private final boolean isDefault;
        private final String[] segments;
        private final Kind[] kinds;

        CompiledRoute(Route route) {
            this.route = route;
            this.isDefault = "$default".equals(route.path());
            this.segments = isDefault ? new String[0] : segments(route.path());
            this.kinds = Arrays.stream(segments).map(CompiledRoute::kind).toArray(Kind[]::new);
        }

        boolean accepts(String method, String[] path) {
            if (isDefault) {
                return true;
            }
            if (!route.method().equals("ANY") && !route.method().equals(method)) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                if (kinds[i] == Kind.GREEDY) {
                    return path.length > i
                            && !String.join("/", Arrays.copyOfRange(path, i, path.length))
                                    .isEmpty();
                }
                if (i >= path.length
                        || (kinds[i] == Kind.LITERAL && !segments[i].equals(path[i]))
                        || (kinds[i] == Kind.PARAMETER && path[i].isEmpty())) {
                    return false;
                }
            }
            return segments.length == path.length;
        }

        Map<String, String> parameters(String[] path) {
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < segments.length; i++) {
                if (kinds[i] == Kind.PARAMETER) {
                    parameters.put(name(segments[i]), decode(path[i]));
                } else if (kinds[i] == Kind.GREEDY) {
                    parameters.put(
                            name(segments[i]), decode(String.join("/", Arrays.copyOfRange(path, i, path.length))));
                }
            }
            return parameters;
        }

        @Override
        public int compareTo(CompiledRoute other) {
            if (isDefault != other.isDefault) {
                return isDefault ? 1 : -1;
            }
            for (int i = 0; i < Math.min(kinds.length, other.kinds.length); i++) {
                int byKind = kinds[i].compareTo(other.kinds[i]);
                if (byKind != 0) {
                    return byKind;
                }
            }
            boolean anyMethod = route.method().equals("ANY");
            return anyMethod == other.route.method().equals("ANY") ? 0 : anyMethod ? 1 : -1;
        }

        private static Kind kind(String segment) {
            if (!segment.startsWith("{") || !segment.endsWith("}")) {
                return Kind.LITERAL;
            }
            return segment.endsWith("+}") ? Kind.GREEDY : Kind.PARAMETER;
        }

        private static String name(String segment) {
            return segment.substring(1, segment.length() - (segment.endsWith("+}") ? 2 : 1));
        }

        /** Percent-decoding only: a '+' in a path is a plus, not a space. */
        private static String decode(String raw) {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }
}
