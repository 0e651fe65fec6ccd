package dev.triage.checks.cloud.aws;

/** IPv4 CIDR containment, enough to say whether a rule's source covers the expected one. */
final class Cidrs {
    private Cidrs() {
    }

    /** True when every address of {@code inner} lies in {@code outer}; non-CIDR sources (groups, lists) never cover. */
    static boolean contains(String outer, String inner) {
        if (outer == null || inner == null) {
            return false;
        }
        if (outer.equals(inner) || outer.equals("::/0") && inner.contains(":")) {
            return true;
        }
        long[] o = parse(outer);
        long[] i = parse(inner);
        if (o == null || i == null || i[1] < o[1]) {
            return false;
        }
        long mask = o[1] == 0 ? 0 : (0xFFFFFFFFL << (32 - o[1])) & 0xFFFFFFFFL;
        return (o[0] & mask) == (i[0] & mask);
    }

    /** {address, prefix length}, or null when not an IPv4 CIDR. */
    private static long[] parse(String cidr) {
        String[] parts = cidr.split("/");
        if (parts.length != 2) {
            return null;
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            return null;
        }
        try {
            long addr = 0;
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255) {
                    return null;
                }
                addr = (addr << 8) | v;
            }
            int len = Integer.parseInt(parts[1]);
            return len < 0 || len > 32 ? null : new long[] {addr, len};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
