package dev.triage.checks.ssh.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What nginx runs, from its own dump of the configuration ({@code nginx -T}: every file it loads, each after a
 * {@code # configuration file PATH:} line): the ports and addresses it listens on, where it logs errors, and where
 * it passes requests on ({@code proxy_pass}, with {@code upstream} blocks resolved to their servers).
 */
public final class NginxConfigParser {
    /** Where nginx logs errors when the configuration names no {@code error_log} (the Debian and upstream builds' default). */
    public static final String DEFAULT_ERROR_LOG = "/var/log/nginx/error.log";

    /** One {@code listen}: its address ({@code *} for all) and port. */
    public record Listen(String address, int port) {
    }

    /**
     * @param dumped     whether the output held a configuration at all (an override that runs {@code nginx -t} prints none)
     * @param errorLogs  files nginx writes errors to; its default when the configuration names none
     * @param unreadable {@code error_log} targets that are not files Triage can read (stderr, syslog, memory)
     * @param upstreams  {@code host:port} of every place requests are passed on to
     */
    public record NginxConfig(boolean dumped, List<Listen> listens, List<String> errorLogs, List<String> unreadable,
                              List<String> upstreams) {
        public Set<Integer> ports() {
            Set<Integer> ports = new LinkedHashSet<>();
            listens.forEach(l -> ports.add(l.port()));
            return ports;
        }
    }

    private NginxConfigParser() {
    }

    public static NginxConfig parse(String dump) {
        boolean dumped = dump.lines().anyMatch(l -> l.startsWith("# configuration file "));
        List<Statement> statements = statements(dump);
        List<Listen> listens = new ArrayList<>();
        Set<String> logs = new LinkedHashSet<>();
        List<String> unreadable = new ArrayList<>();
        Map<String, List<String>> upstreamBlocks = new LinkedHashMap<>();
        List<String> passes = new ArrayList<>();
        int servers = 0;
        int serversWithListen = 0;
        String lastServer = null;
        for (Statement s : statements) {
            if (s.args.isEmpty() && !s.name.equals("server")) {
                continue;
            }
            switch (s.name) {
                case "listen" -> {
                    listen(s.args.get(0)).ifPresent(listens::add);
                    if (s.serverBlock != null && !s.serverBlock.equals(lastServer)) {
                        serversWithListen++;
                        lastServer = s.serverBlock;
                    }
                }
                case "error_log" -> {
                    String target = s.args.get(0);
                    if (target.equals("stderr") || target.startsWith("syslog:") || target.startsWith("memory:")
                            || target.equals("/dev/null") || !target.startsWith("/")) {
                        unreadable.add(target);
                    } else {
                        logs.add(target);
                    }
                }
                case "proxy_pass" -> passes.add(s.args.get(0));
                case "server" -> {
                    if (s.upstream != null && !s.args.isEmpty()) {
                        upstreamBlocks.computeIfAbsent(s.upstream, u -> new ArrayList<>()).add(s.args.get(0));
                    }
                }
                default -> {
                }
            }
            if (s.opensServer) {
                servers++;
            }
        }
        if (servers > serversWithListen) {
            listens.add(new Listen("*", 80));   // a server block without listen takes nginx's default
        }
        if (logs.isEmpty() && unreadable.isEmpty()) {
            logs.add(DEFAULT_ERROR_LOG);
        }
        List<String> upstreams = new ArrayList<>();
        for (String pass : passes) {
            String hostPort = hostPort(pass);
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
            List<String> named = upstreamBlocks.get(host);
            if (named != null) {
                named.forEach(server -> upstreams.add(server.contains(":") ? server : server + ":80"));
            } else {
                upstreams.add(hostPort);
            }
        }
        return new NginxConfig(dumped, List.copyOf(dedupe(listens)), List.copyOf(logs), List.copyOf(unreadable),
                List.copyOf(new LinkedHashSet<>(upstreams)));
    }

    private static List<Listen> dedupe(List<Listen> listens) {
        return new ArrayList<>(new LinkedHashSet<>(listens));
    }

    /** {@code 80}, {@code 127.0.0.1:8080}, {@code [::]:443}, {@code *:80}, {@code localhost} (port 80); not unix sockets. */
    static java.util.Optional<Listen> listen(String arg) {
        if (arg.startsWith("unix:")) {
            return java.util.Optional.empty();
        }
        if (arg.matches("\\d{1,5}")) {
            return java.util.Optional.of(new Listen("*", Integer.parseInt(arg)));
        }
        int colon = arg.lastIndexOf(':');
        if (colon > 0 && arg.substring(colon + 1).matches("\\d{1,5}") && (!arg.startsWith("[") || arg.charAt(colon - 1) == ']')) {
            return java.util.Optional.of(new Listen(arg.substring(0, colon), Integer.parseInt(arg.substring(colon + 1))));
        }
        return java.util.Optional.of(new Listen(arg, 80));
    }

    /** {@code http://127.0.0.1:8000/path} → {@code 127.0.0.1:8000}; the scheme's port when none is given. */
    static String hostPort(String url) {
        String rest = url;
        int port = 80;
        int scheme = rest.indexOf("://");
        if (scheme > 0) {
            port = rest.substring(0, scheme).toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
            rest = rest.substring(scheme + 3);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.substring(colon + 1).matches("\\d{1,5}")) {
            return rest;
        }
        return rest + ":" + port;
    }

    /** One directive, with the server and upstream blocks it sits in. */
    private record Statement(String name, List<String> args, String serverBlock, String upstream, boolean opensServer) {
    }

    /** The configuration as directives, comments and quotes handled, blocks tracked. */
    private static List<Statement> statements(String text) {
        List<Statement> out = new ArrayList<>();
        Deque<String> blocks = new ArrayDeque<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int serverCount = 0;
        Deque<String> serverIds = new ArrayDeque<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                int end = text.indexOf(c, i + 1);
                end = end < 0 ? text.length() : end;
                word.append(text, i + 1, end);
                i = end;
                continue;
            }
            if (Character.isWhitespace(c) || c == ';' || c == '{' || c == '}') {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                if (c == ';' && !words.isEmpty()) {
                    out.add(new Statement(words.get(0), List.copyOf(words.subList(1, words.size())), serverIds.peek(),
                            upstreamOf(blocks), false));
                    words.clear();
                } else if (c == '{') {
                    String header = words.isEmpty() ? "" : String.join(" ", words);
                    boolean server = !words.isEmpty() && words.get(0).equals("server") && "http".equals(firstWord(blocks.peek()));
                    if (server) {
                        serverCount++;
                        serverIds.push("server#" + serverCount);
                        out.add(new Statement("server", List.of(), serverIds.peek(), null, true));
                    }
                    blocks.push(server ? "server" : header);
                    words.clear();
                } else if (c == '}') {
                    String closed = blocks.isEmpty() ? "" : blocks.pop();
                    if (closed.equals("server") && !serverIds.isEmpty()) {
                        serverIds.pop();
                    }
                    words.clear();
                }
                continue;
            }
            word.append(c);
        }
        return out;
    }

    private static String firstWord(String header) {
        return header == null ? "" : header.split(" ", 2)[0];
    }

    private static String upstreamOf(Deque<String> blocks) {
        String top = blocks.peek();
        return top != null && top.startsWith("upstream ") ? top.substring("upstream ".length()).strip() : null;
    }
}
