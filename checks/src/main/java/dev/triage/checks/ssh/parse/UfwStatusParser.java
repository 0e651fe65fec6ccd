package dev.triage.checks.ssh.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ufw status}: {@code Status: inactive}, or {@code Status: active} and a table of
 * {@code To / Action / From} columns separated by runs of spaces. Knows the port of the common
 * application profiles ({@code OpenSSH}, {@code Nginx Full}…) since plain {@code ufw status} does not expand them.
 */
public final class UfwStatusParser {

    private static final Pattern STATUS = Pattern.compile("^Status:\\s*(\\w+)");
    private static final Pattern PORTS = Pattern.compile("^([\\d,:]+)(?:/(tcp|udp))?$");
    private static final Pattern ACTION = Pattern.compile("^(ALLOW|DENY|REJECT|LIMIT)(?:\\s+(IN|OUT|FWD))?$");
    private static final Map<String, List<Integer>> PROFILES = Map.of(
            "OpenSSH", List.of(22),
            "Nginx HTTP", List.of(80),
            "Nginx HTTPS", List.of(443),
            "Nginx Full", List.of(80, 443),
            "Apache", List.of(80),
            "Apache Secure", List.of(443),
            "Apache Full", List.of(80, 443));

    private UfwStatusParser() {
    }

    public static UfwStatus parse(String output) {
        boolean active = false;
        String statusLine = null;
        var rules = new ArrayList<UfwRule>();
        boolean inTable = false;
        for (String raw : output.split("\\R")) {
            String line = raw.trim();
            Matcher status = STATUS.matcher(line);
            if (statusLine == null && status.find()) {
                statusLine = line;
                active = status.group(1).equals("active");
                continue;
            }
            if (line.startsWith("--")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.isEmpty()) {
                continue;
            }
            UfwRule rule = rule(line);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new UfwStatus(active, statusLine, rules);
    }

    private static UfwRule rule(String line) {
        String[] cols = line.split("\\s{2,}");
        if (cols.length < 3) {
            return null;
        }
        Matcher action = ACTION.matcher(cols[1].trim());
        if (!action.matches()) {
            return null;
        }
        String to = cols[0].trim();
        boolean v6 = to.endsWith("(v6)");
        to = to.replace("(v6)", "").replaceFirst("\\s+on\\s+\\S+$", "").trim();
        String from = cols[2].replace("(v6)", "").replaceFirst("\\s+on\\s+\\S+$", "").trim();
        var ranges = new ArrayList<UfwRule.PortRange>();
        String protocol = "any";
        boolean anyPort = false;
        Matcher ports = PORTS.matcher(to);
        if (ports.matches()) {
            protocol = ports.group(2) == null ? "any" : ports.group(2);
            for (String part : ports.group(1).split(",")) {
                String[] bounds = part.split(":");
                int low = Integer.parseInt(bounds[0]);
                int high = bounds.length > 1 ? Integer.parseInt(bounds[1]) : low;
                ranges.add(new UfwRule.PortRange(low, high));
            }
        } else if (to.equals("Anywhere")) {
            anyPort = true;
        } else if (PROFILES.containsKey(to)) {
            protocol = "tcp";
            PROFILES.get(to).forEach(p -> ranges.add(new UfwRule.PortRange(p, p)));
        }
        String direction = action.group(2) == null ? "IN" : action.group(2);
        return new UfwRule(to, ranges, anyPort, protocol, action.group(1), direction, from, v6, line);
    }
}
