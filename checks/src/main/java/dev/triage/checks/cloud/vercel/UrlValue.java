package dev.triage.checks.cloud.vercel;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An env var's value read as a URL, as far as it may be judged and shown: the scheme, host and port always; the text
 * itself only when it holds no credentials (no user info, no query — either can carry a token).
 *
 * @param shown the value as it may be shown, or null when it holds credentials
 */
public record UrlValue(String scheme, String host, int port, String shown) {

    /** The value as an http(s) URL with a host; null when it is not one (then it is never shown). */
    public static UrlValue parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null || u.getHost().isBlank()) {
                return null;
            }
            boolean credentials = u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null;
            return new UrlValue(scheme, u.getHost().toLowerCase(Locale.ROOT), port(u), credentials ? null : v);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The URL's port, or its scheme's default. */
    static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * Whether it names the same host and port as {@code url}: the same name, or — when one of the two is an IP address
     * and the other a name, as document 000 allows either — the name resolves to that address within {@code timeout}.
     */
    public boolean sameAddress(URI url, Duration timeout) {
        if (url.getHost() == null || port != port(url)) {
            return false;
        }
        String other = url.getHost().toLowerCase(Locale.ROOT);
        if (host.equals(other)) {
            return true;
        }
        boolean mineLiteral = literal(host);
        if (mineLiteral == literal(other)) {
            return false;
        }
        return resolvesTo(mineLiteral ? other : host, mineLiteral ? host : other, timeout);
    }

    private static boolean literal(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.startsWith("[") || host.contains(":");
    }

    /** Whether {@code name} resolves to {@code address}; false when it doesn't, or not within {@code timeout}. */
    private static boolean resolvesTo(String name, String address, Duration timeout) {
        String bare = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
        CompletableFuture<Boolean> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                InetAddress wanted = InetAddress.getByName(bare);   // a literal: no lookup
                return Arrays.asList(InetAddress.getAllByName(name)).contains(wanted);
            } catch (UnknownHostException e) {
                return false;
            }
        }, Thread::startVirtualThread);
        try {
            return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            lookup.cancel(true);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** As it may be shown: the URL, or only its scheme when it holds credentials. */
    public String display() {
        return shown != null ? shown : scheme + "://… (holds credentials, not shown)";
    }
}
