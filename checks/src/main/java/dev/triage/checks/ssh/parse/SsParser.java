package dev.triage.checks.ssh.parse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ss -tlnp}: {@code LISTEN 0 5 127.0.0.1:8000 0.0.0.0:* users:(("python3",pid=4637,fd=3))}.
 * Handles bracketed and bare IPv6, {@code *}, interface scopes ({@code 127.0.0.53%lo}, {@code *%lo}) and
 * sockets shared by several processes; a missing process column (ss not run as root) gives no owners.
 */
public final class SsParser {

    private static final Pattern USER = Pattern.compile("\\(\"((?:[^\"\\\\]|\\\\.)*)\",pid=(\\d+),fd=\\d+\\)");

    private SsParser() {
    }

    public static ListeningSockets parse(String output) {
        var sockets = new ArrayList<ListeningSocket>();
        for (String raw : output.split("\\R")) {
            String line = raw.trim();
            String[] cols = line.split("\\s+");
            if (cols.length < 5 || !cols[0].equals("LISTEN")) {
                continue;
            }
            SocketAddresses.Split local = SocketAddresses.split(cols[3]);
            if (local == null) {
                continue;
            }
            sockets.add(new ListeningSocket(local.address(), local.scope(), local.port(), owners(line), line));
        }
        return new ListeningSockets(sockets);
    }

    private static List<SocketOwner> owners(String line) {
        int users = line.indexOf("users:(");
        if (users < 0) {
            return List.of();
        }
        var owners = new LinkedHashSet<SocketOwner>();
        Matcher m = USER.matcher(line.substring(users));
        while (m.find()) {
            owners.add(new SocketOwner(m.group(1), Integer.parseInt(m.group(2))));
        }
        return List.copyOf(owners);
    }
}
