package dev.triage.config;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an {@code http} check sends, from the configuration only (never from chat): the method, the headers and a
 * body. Header values and the body are {@link Secret}s — they may come from {@code ${VAR}} and hold a token — so
 * only header names and the body's size are ever shown.
 *
 * @param method  one of {@link #METHODS}
 * @param headers header name → value, in the order given
 * @param body    the request body; null for none (never on GET or HEAD)
 */
public record HttpRequestSpec(String method, Map<String, Secret> headers, Secret body) {
    /** The methods an http check may use. */
    public static final Set<String> METHODS = Collections.unmodifiableSet(new LinkedHashSet<>(
            List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")));
    /** A plain GET with no headers of its own. */
    public static final HttpRequestSpec GET = new HttpRequestSpec("GET", Map.of(), null);
    /** RFC 9110's token: what a header name may be made of. */
    static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public HttpRequestSpec {
        Objects.requireNonNull(method, "method");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + String.join(", ", METHODS) + ": " + method);
        }
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        headers.forEach((name, value) -> {
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a header name: " + name);
            }
            if (lineBreak(value.reveal())) {
                throw new IllegalArgumentException("the value of header " + name + " holds a line break");
            }
            if (!printable(value.reveal())) {
                throw new IllegalArgumentException("the value of header " + name + " holds a control or non-ASCII character");
            }
        });
        if (body != null && !sendsBodyAllowed(method)) {
            throw new IllegalArgumentException("a " + method + " request has no body");
        }
    }

    /** Whether a request with this method may carry a body: every method but GET and HEAD. */
    public static boolean sendsBodyAllowed(String method) {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    static boolean lineBreak(String value) {
        return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
    }

    /** Whether every character may be sent in a header value as is: a tab, or printable ASCII. */
    static boolean printable(String value) {
        return value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f));
    }

    /** The body's size in UTF-8 bytes; 0 without one. */
    public int bodyBytes() {
        return body == null ? 0 : body.reveal().getBytes(StandardCharsets.UTF_8).length;
    }

    /** What is sent besides the request line, names and sizes only: "headers Authorization, Content-Type; body 27 bytes". */
    public String describe() {
        String h = headers.isEmpty() ? "" : "header" + (headers.size() > 1 ? "s " : " ") + String.join(", ", headers.keySet())
                + " (values not shown)";
        String b = body == null ? "" : "body " + bodyBytes() + " bytes";
        return h.isEmpty() ? b : b.isEmpty() ? h : h + "; " + b;
    }
}
