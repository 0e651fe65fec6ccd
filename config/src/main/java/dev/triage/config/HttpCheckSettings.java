package dev.triage.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code type: http} check: one GET and what its answer must show.
 *
 * @param url          a path on the target's {@code base_url} ({@code /ready}) or an absolute URL
 * @param expectStatus the status it must answer with
 * @param headers      header name → a regular expression its value must contain a match of
 * @param json         expectations on fields of the JSON body, e.g. {@code $.db == "ok"}
 */
public record HttpCheckSettings(String name, String url, int expectStatus, Map<String, Pattern> headers,
                                List<JsonExpectation> json, String place) implements CustomCheck {
    public HttpCheckSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        json = json == null ? List.of() : List.copyOf(json);
        place = place == null ? name : place;
    }
}
