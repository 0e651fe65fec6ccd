package dev.triage.checks.ssh.parse;

/** Splits {@code host:port} as ss and netstat print it, for IPv4 and IPv6, with or without brackets and scope. */
final class SocketAddresses {

    record Split(String address, String scope, int port) {
    }

    private SocketAddresses() {
    }

    /** Null when the text is not an address with a numeric port. */
    static Split split(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        String portText = text.substring(colon + 1);
        if (!portText.chars().allMatch(Character::isDigit)) {
            return null;
        }
        String host = text.substring(0, colon);
        String scope = null;
        int percent = host.lastIndexOf('%');
        if (percent >= 0) {
            scope = host.substring(percent + 1);
            host = host.substring(0, percent);
            if (scope.endsWith("]")) {
                scope = scope.substring(0, scope.length() - 1);
                host = host + "]";
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Split(host, scope == null || scope.isEmpty() ? null : scope, Integer.parseInt(portText));
    }
}
