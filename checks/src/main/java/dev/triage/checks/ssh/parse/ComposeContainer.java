package dev.triage.checks.ssh.parse;

/**
 * One container from {@code docker compose ps --format json}.
 *
 * @param state    {@code running}, {@code exited}, {@code restarting}, {@code created}, {@code paused}, {@code dead}
 * @param health   {@code healthy}, {@code unhealthy}, {@code starting}, or empty when no healthcheck
 * @param status   the human status, e.g. {@code Up 2 hours (unhealthy)}; empty in older compose versions
 */
public record ComposeContainer(String name, String service, String state, String health, int exitCode, String status) {

    /** One line describing the container, e.g. {@code app-backend-1 (backend): exited, exit code 1}. */
    public String describe() {
        var text = new StringBuilder(name).append(" (").append(service).append("): ").append(state);
        if (!health.isEmpty()) {
            text.append(", health ").append(health);
        }
        if (!state.equals("running")) {
            text.append(", exit code ").append(exitCode);
        }
        if (!status.isEmpty()) {
            text.append(" — ").append(status);
        }
        return text.toString();
    }
}
