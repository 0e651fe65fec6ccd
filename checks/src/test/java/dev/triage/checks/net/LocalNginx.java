package dev.triage.checks.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real nginx on 127.0.0.1 for tests: its own configuration, pid, logs and temp folders under {@code dir}, listening
 * on a free port with the {@code server} block's body a test gives, stopped again on close.
 */
public final class LocalNginx implements AutoCloseable {
    private final Path conf;
    private final int port;

    private LocalNginx(Path conf, int port) {
        this.conf = conf;
        this.port = port;
    }

    /**
     * @param serverBody what goes inside {@code server { listen 127.0.0.1:PORT; … }}, e.g. a {@code location} with its
     *                   {@code proxy_pass}
     */
    public static LocalNginx start(Path dir, String serverBody) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/main.log warn;
                events { worker_connections 32; }
                http {
                    access_log off;
                    client_body_temp_path %1$s; proxy_temp_path %1$s; fastcgi_temp_path %1$s; uwsgi_temp_path %1$s; scgi_temp_path %1$s;
                    server {
                        listen 127.0.0.1:%2$d;
                        %3$s
                    }
                }
                """.formatted(dir, port, serverBody));
        Process nginx = new ProcessBuilder("nginx", "-c", conf.toString(), "-g", "daemon on;").redirectErrorStream(true).start();
        String said = new String(nginx.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (nginx.waitFor() != 0) {
            throw new IllegalStateException("nginx did not start: " + said);
        }
        return new LocalNginx(conf, port);
    }

    public int port() {
        return port;
    }

    public Path config() {
        return conf;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("nginx", "-c", conf.toString(), "-s", "stop").start().waitFor();
    }
}
