package dev.triage.config;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one filter every outbound message and every log line passes: it removes the secret values Triage knows (every
 * {@link Secret} in the configuration, and values it read from env files on a host) and the well-known shapes of
 * credentials wherever they come from — a journal line, an nginx error log, a custom check's output, an exception.
 * What is removed becomes {@code [redacted]} (a key/value pair keeps its key: {@code password=[redacted]}).
 *
 * <p>Shapes: Slack tokens ({@code xoxb-…}, {@code xoxp-…}, {@code xapp-…}), AWS access key ids ({@code AKIA…},
 * {@code ASIA…}) and secret keys (40 characters of mixed-case base64, or after {@code aws_secret_access_key}), GitHub tokens
 * ({@code ghp_…}, {@code github_pat_…}), JSON Web Tokens, PEM private keys (whole blocks, or from a BEGIN line on
 * when a caller feeds lines one at a time), user info in URLs ({@code scheme://user:pass@host}), and values of
 * {@code password=}, {@code token=}, {@code secret=}, {@code api_key=} and their kin in URLs and key-value text.
 * Thread-safe; values can be added at any time.
 */
public final class Redactor implements SecretSink {
    public static final String MARK = "[redacted]";
    /** Shorter known values are not redacted on their own: they would match ordinary words. */
    static final int MIN_VALUE_LENGTH = 6;

    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----"),
            // A key cut off before its END line (a truncated log): from BEGIN to the end of the text.
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*$"),
            Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{8,}"),
            Pattern.compile("\\bxapp-[A-Za-z0-9-]{8,}"),
            Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\\b"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}"),
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{30,}"),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
            // An AWS secret access key on its own: 40 characters of base64 with upper and lower case and a digit (a git
            // commit id, 40 lower-case hex digits, is not one).
            Pattern.compile("(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+=]*[A-Z])(?=[A-Za-z0-9/+=]*[a-z])(?=[A-Za-z0-9/+=]*\\d)"
                    + "[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"));
    private static final String KEY = "(?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key"
            + "|private[_-]?key|client[_-]?secret|auth|credential|session[_-]?id|signature)s?)";
    /**
     * The key stays, the value goes: {@code key=value} (URLs, env text) and {@code "key": "value"} (JSON) always; a
     * {@code key: value} only when the value looks like one (a digit in it), so a sentence such as
     * {@code api_key: environment variable … is not set} is left as it is.
     */
    private static final List<Pattern> PAIRS = List.of(
            Pattern.compile("(?i)(\\b" + KEY + "\\s*=\\s*\"?)([^\\s\"'&,;}<>]{3,})"),
            Pattern.compile("(?i)(\"" + KEY + "\"\\s*:\\s*\")([^\"]{3,})"),
            Pattern.compile("(?i)(\\b" + KEY + ":\\s+)((?=[^\\s]*\\d)[^\\s\"'&,;}<>]{6,})"));
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+(?=[A-Za-z0-9._~+/-]*\\d)[A-Za-z0-9._~+/-]{8,}=*");
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^\\s/@:]+:[^\\s/@]+@");
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    private static final Pattern PEM_END = Pattern.compile("-----END [A-Z ]*PRIVATE KEY-----");

    private final Set<String> values = ConcurrentHashMap.newKeySet();
    private volatile List<String> longestFirst = List.of();

    /** Remembers a secret value to remove wherever it appears (too short a value is ignored: see {@link #MIN_VALUE_LENGTH}). */
    @Override
    public void seen(String value) {
        if (value == null) {
            return;
        }
        String v = value.strip();
        if (v.length() >= MIN_VALUE_LENGTH && values.add(v)) {
            longestFirst = values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    /** Remembers every secret of a loaded configuration. */
    public Redactor knowing(Iterable<Secret> secrets) {
        for (Secret s : secrets) {
            seen(s.reveal());
        }
        return this;
    }

    /** The text with every known value and every credential shape replaced by {@link #MARK}. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : longestFirst) {
            if (out.contains(v)) {
                out = out.replace(v, MARK);
            }
        }
        for (Pattern p : SHAPES) {
            out = p.matcher(out).replaceAll(MARK);
        }
        out = URL_USERINFO.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MARK) + "@");
        out = BEARER.matcher(out).replaceAll("$1 " + Matcher.quoteReplacement(MARK));
        for (Pattern p : PAIRS) {
            out = p.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + (m.group(2).startsWith(MARK) ? m.group(2) : MARK)));
        }
        return out;
    }

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(KEY|SECRET|TOKEN|PASS|PWD|CREDENTIAL|AUTH|PRIVATE|DSN"
            + "|DATABASE_URL|CONNECTION|SIGNING|WEBHOOK|COOKIE|SESSION|SALT).*");

    /**
     * Whether an env file's variable holds a secret: by its name ({@code …_KEY}, {@code …TOKEN}, {@code …PASSWORD},
     * {@code DATABASE_URL} …), or by its look (16 characters or more of mixed letters and digits, no spaces). Values like
     * {@code production} or {@code 8000} are not: removing them would garble ordinary messages.
     */
    public static boolean looksSecret(String name, String value) {
        if (value == null || value.strip().length() < MIN_VALUE_LENGTH) {
            return false;
        }
        String v = value.strip();
        if (name != null && SECRET_NAME.matcher(name).matches()) {
            return true;
        }
        return v.length() >= 16 && !v.contains(" ") && !v.contains("/") && v.chars().anyMatch(Character::isDigit)
                && v.chars().anyMatch(Character::isLetter);
    }

    /** Whether {@code line} opens a PEM private key block (for callers that redact line by line). */
    public static boolean opensPrivateKey(String line) {
        return PEM_BEGIN.matcher(line).find() && !PEM_END.matcher(line).find();
    }

    /** Whether {@code line} closes a PEM private key block. */
    public static boolean closesPrivateKey(String line) {
        return PEM_END.matcher(line).find();
    }
}
