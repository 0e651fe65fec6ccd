package dev.triage.checks.ssh.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code netstat -tlnp} (net-tools): {@code tcp 0 0 0.0.0.0:8000 0.0.0.0:* LISTEN 12345/python}.
 * {@code tcp6} lines carry bare IPv6 ({@code :::8000}, {@code ::1:8000}); a {@code -} in the last
 * column (not run as root) gives no owner. The program name may contain spaces ({@code nginx: master}).
 */
public final class NetstatParser {

    private static final Pattern PROGRAM = Pattern.compile("(\\d+)/(.+)");

    private NetstatParser() {
    }

    public static ListeningSockets parse(String output) {
        var sockets = new ArrayList<ListeningSocket>();
        for (String raw : output.split("\\R")) {
            String line = raw.trim();
            String[] cols = line.split("\\s+", 7);
            if (cols.length < 6 || !cols[0].startsWith("tcp") || !cols[5].equals("LISTEN")) {
                continue;
            }
            SocketAddresses.Split local = SocketAddresses.split(cols[3]);
            if (local == null) {
                continue;
            }
            List<SocketOwner> owners = List.of();
            if (cols.length == 7) {
                Matcher m = PROGRAM.matcher(cols[6].trim());
                if (m.matches()) {
                    owners = List.of(new SocketOwner(m.group(2).trim(), Integer.parseInt(m.group(1))));
                }
            }
            sockets.add(new ListeningSocket(local.address(), local.scope(), local.port(), owners, line));
        }
        return new ListeningSockets(sockets);
    }
}
