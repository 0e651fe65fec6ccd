package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A small JSON path: {@code $} followed by dotted fields and {@code [n]} indices, e.g.
 * {@code $.queue.depth} or {@code $.workers[0].state}. Nothing more (no wildcards, filters or slices).
 *
 * @param text     as written
 * @param segments each a field name ({@link String}) or an index ({@link Integer})
 */
public record JsonPath(String text, List<Object> segments) {

    public JsonPath {
        segments = List.copyOf(segments);
    }

    /** @throws IllegalArgumentException saying where the path stops making sense */
    public static JsonPath parse(String text) {
        String t = text.strip();
        if (!t.startsWith("$")) {
            throw new IllegalArgumentException("a path starts with $, like $.db or $.items[0].state (got " + t + ")");
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < t.length() && isFieldChar(t.charAt(i), i == start)) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("expected a field name after the '.' at column " + start + " of " + t);
                }
                segments.add(t.substring(start, i));
            } else if (c == '[') {
                int close = t.indexOf(']', i);
                String inside = close < 0 ? "" : t.substring(i + 1, close);
                if (close < 0 || !inside.matches("\\d{1,6}")) {
                    throw new IllegalArgumentException("expected an index like [0] at column " + (i + 1) + " of " + t);
                }
                segments.add(Integer.parseInt(inside));
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at column " + (i + 1) + " of " + t
                        + "; use .field or [index]");
            }
        }
        return new JsonPath(t, segments);
    }

    /** The node at this path, or a missing node when any step along it isn't there. */
    public JsonNode select(JsonNode root) {
        JsonNode at = root == null ? MissingNode.getInstance() : root;
        for (Object s : segments) {
            at = s instanceof Integer n ? at.path(n) : at.path((String) s);
        }
        return at;
    }

    private static boolean isFieldChar(char c, boolean first) {
        return Character.isLetter(c) || c == '_' || (!first && (Character.isDigit(c) || c == '-'));
    }

    @Override
    public String toString() {
        return text;
    }
}
