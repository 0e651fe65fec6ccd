#!/usr/bin/env bash
# Triage's image under a container memory limit: 10,000 targets probed every 30 s (http-health against local health
# servers, bench/BlackboxLoad.java serve), the console on, the image's own JVM defaults (bin/triage-java), and Docker's
# HEALTHCHECK run every 30 s inside the container as Docker would. Prints, every 10 s and at the end:
#   limit/usage/peak   the container's memory cgroup: what the kernel's OOM killer judges (usage includes page cache)
#   rss                the java process's resident set (VmRSS), and its peak (VmHWM)
#   heap after GC      from the JVM's own GC log: the heap after each collection (young and full), and its capacity
#   probes/s           from the bot's /metrics (triage_probe_duration_seconds_count)
#   cpu                the java process's user+system time over the interval, in % of one core
# then stops the container with SIGTERM and prints its exit code and whether it was OOM-killed.
#
# Usage: bench/image-memory.sh [targets=10000] [seconds=150] [memory=256m] [interval=30s]
#        TRIAGE_JAVA_OPTS='-XX:+UseG1GC' bench/image-memory.sh     # try other JVM flags; they add to the defaults
#        HEALTHCHECKS=off bench/image-memory.sh                     # the bot alone, without Docker's HEALTHCHECK
# Needs root and podman (deploy/podman/build.sh builds the image: its base from Debian packages, the jar from here).
# Holds /tmp/mvn.lock for the whole run, so no build competes for the 2 cores. All traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=${1:-10000}
SECONDS_RUN=${2:-150}
MEMORY=${3:-256m}
INTERVAL=${4:-30s}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/deploy/podman/containers.conf}
IMAGE=localhost/triage:bench
NAME=triage-memory-$$
HEALTH_PORT=18181
WORK=$(mktemp -d /tmp/triage-image-memory.XXXXXX)
SERVE=
cleanup() {
    podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
    podman rmi -f "$IMAGE" >/dev/null 2>&1 || true   # built afresh each run; an old one would be left untagged
    [ -n "$SERVE" ] && kill "$SERVE" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

mb() { awk '{ printf "%d", $1 / 1048576 }'; }

echo "waiting for /tmp/mvn.lock (no build may run during the measurement) ..."
exec 9>/tmp/mvn.lock
flock 9

# On a line of its own: a failed build inside echo's arguments would not stop the script (set -e).
BUILT=$(deploy/podman/build.sh "$IMAGE")
echo "== image: $BUILT"

"$JAVA_HOME/bin/java" -Xmx256m bench/BlackboxLoad.java serve $((SECONDS_RUN + 120)) > "$WORK/serve.out" &
SERVE=$!
for _ in $(seq 100); do grep -q '^ports ' "$WORK/serve.out" 2>/dev/null && break; sleep 0.2; done
PORTS=$(awk '/^ports / { print $2 }' "$WORK/serve.out")
[ -n "$PORTS" ] || { echo "the health servers did not start" >&2; exit 1; }
IFS=, read -r -a PORT_LIST <<<"$PORTS"

{
    echo "adapters: {console: {enabled: true}}"
    echo "channels: {default: console, incidents: console}"
    echo "probing: {enabled: true, max_in_flight: 64}"
    echo "store: {url: 'jdbc:sqlite:/var/lib/triage/triage.db'}"
    echo "targets:"
    for ((i = 0; i < TARGETS; i++)); do
        printf '  - {name: t%05d, base_url: "http://127.0.0.1:%s", checks: [http-health], timeout: 5s, probe: {interval: %s}}\n' \
            "$i" "${PORT_LIST[$((i % ${#PORT_LIST[@]}))]}" "$INTERVAL"
    done
} > "$WORK/triage.yaml"
chmod 644 "$WORK/triage.yaml"

echo "== $TARGETS targets every $INTERVAL, limit $MEMORY (podman --memory, no swap), $SECONDS_RUN s; JVM: bin/triage-java defaults" \
    "${TRIAGE_JAVA_OPTS:+plus $TRIAGE_JAVA_OPTS}"
# -i with -d keeps standard input open and empty: the console waits for commands, as a terminal nobody types into.
podman run -d -i --name "$NAME" --memory "$MEMORY" --memory-swap "$MEMORY" --network host --health-interval disable \
    -v "$WORK/triage.yaml:/etc/triage/triage.yaml:ro" -e TRIAGE_HEALTH_PORT=$HEALTH_PORT -e TRIAGE_LOG_LEVEL=warn \
    ${MALLOC_ARENA_MAX:+-e MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX} -e TRIAGE_JAVA_OPTS="${TRIAGE_JAVA_OPTS:-} -Xlog:gc:file=/tmp/gc.log" \
    "$IMAGE" >/dev/null
PID=$(podman inspect --format '{{.State.Pid}}' "$NAME")
CGROUP=/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" { print $3 }' "/proc/$PID/cgroup")
[ -r "$CGROUP/memory.usage_in_bytes" ] || CGROUP=/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' "/proc/$PID/cgroup")
usage() { if [ -r "$CGROUP/memory.usage_in_bytes" ]; then mb < "$CGROUP/memory.usage_in_bytes"; else mb < "$CGROUP/memory.current"; fi; }
peak() { if [ -r "$CGROUP/memory.max_usage_in_bytes" ]; then mb < "$CGROUP/memory.max_usage_in_bytes"; else cat "$CGROUP/memory.peak" 2>/dev/null | mb || echo "?"; fi; }
limit() { if [ -r "$CGROUP/memory.limit_in_bytes" ]; then mb < "$CGROUP/memory.limit_in_bytes"; else mb < "$CGROUP/memory.max"; fi; }
rss() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$PID/status"; }
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$PID/stat"; }
hwm() { awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$PID/status"; }
probes() { { curl -s "http://127.0.0.1:$HEALTH_PORT/metrics" || true; } | awk '/^triage_probe_duration_seconds_count/ { printf "%d", $2 }'; }
heap_after() { # the latest "before->after(capacity)" of the GC log: after and capacity
    podman exec "$NAME" cat /tmp/gc.log 2>/dev/null | grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' | tail -n 1 | sed -E 's/.*->([0-9]+M)\(([0-9]+M)\)/\1 of \2/'
}

for _ in $(seq 150); do curl -sf "http://127.0.0.1:$HEALTH_PORT/healthz" >/dev/null && break; sleep 0.2; done
started=$(date +%s)
# Collections during start-up (a nearly empty heap) say nothing about the steady state: the summary skips them.
gc_at_start=$(podman exec "$NAME" sh -c 'wc -l < /tmp/gc.log' 2>/dev/null || echo 0)
last_probes=$(probes); last_probes=${last_probes:-0}
cpu_start=$(cpu); last_cpu=$cpu_start
t=0
while (( t < SECONDS_RUN )); do
    sleep 10; t=$((t + 10))
    kill -0 "$PID" 2>/dev/null || { echo "the bot's process ended: $(podman inspect --format "exit {{.State.ExitCode}}, OOM-killed {{.State.OOMKilled}}" "$NAME")"; podman logs "$NAME" 2>&1 | tail -n 5; break; }
    if [ "${HEALTHCHECKS:-on}" = on ] && (( t % 30 == 0 )); then   # Docker's HEALTHCHECK: a second JVM in the same memory limit, every 30 s
        podman healthcheck run "$NAME" >/dev/null 2>&1 || echo "  healthcheck failed at $t s"
    fi
    kill -0 "$PID" 2>/dev/null || { echo "the bot's process ended: $(podman inspect --format "exit {{.State.ExitCode}}, OOM-killed {{.State.OOMKilled}}" "$NAME")"; podman logs "$NAME" 2>&1 | tail -n 5; break; }
    now_probes=$(probes); now_probes=${now_probes:-$last_probes}
    now_cpu=$(cpu)
    printf '%4d s  cgroup %s MB of %s (peak %s)  rss %s MB (peak %s)  heap after GC %s  %.0f probes/s  cpu %.0f %%\n' "$t" \
        "$(usage)" "$(limit)" "$(peak)" "$(rss)" "$(hwm)" "$(heap_after)" "$(echo "($now_probes - $last_probes) / 10" | bc -l)" \
        "$(echo "($now_cpu - $last_cpu) * 10" | bc -l)"
    last_probes=$now_probes
    last_cpu=$now_cpu
done

podman exec "$NAME" cat /tmp/gc.log > "$WORK/gc.log" 2>/dev/null || true
total=$(probes)
echo "== after $(( $(date +%s) - started )) s: ${total:-?} probes ($(echo "${total:-0} / ($(date +%s) - $started)" | bc) per s; $TARGETS targets every $INTERVAL asks $(echo "$TARGETS / ${INTERVAL%s}" | bc))"
echo "cgroup: now $(usage) MB, peak $(peak) MB of a $(limit) MB limit"
echo "rss:    now $(rss) MB, peak $(hwm) MB"
printf 'cpu:    %.1f s over %d s = %.0f %% of one core (start-up excluded)\n' "$(echo "$(cpu) - $cpu_start" | bc -l)" "$t" \
    "$(echo "($(cpu) - $cpu_start) * 100 / $t" | bc -l)"
# Heap after GC: after a full collection it is the live set; after a young one, the live set plus old garbage.
after() { tail -n +"$((gc_at_start + 1))" "$WORK/gc.log" | grep -E "$1" | grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' | sed -E 's/^[0-9]+M->([0-9]+)M\(([0-9]+)M\)/\1 \2/'; }
after 'Pause Young' > "$WORK/young.txt" || true
after 'Pause Full' > "$WORK/full.txt" || true
summary() { # FILE: count, median, min, max and last of the first column
    local n; n=$(wc -l < "$1")
    if [ "$n" -eq 0 ]; then echo "none"; return; fi
    echo "$n, median $(cut -d' ' -f1 "$1" | sort -n | sed -n "$(( (n + 1) / 2 ))p") MB (min $(cut -d' ' -f1 "$1" | sort -n | head -n 1)," \
        "max $(cut -d' ' -f1 "$1" | sort -n | tail -n 1), last $(tail -n 1 "$1" | cut -d' ' -f1))"
}
echo "heap after full GC (the live set), once started: $(summary "$WORK/full.txt")"
echo "heap after young GC, once started: $(summary "$WORK/young.txt")"
echo "heap capacity at the end: $(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$WORK/gc.log" | tail -n 1 | sed -E 's/.*\(([0-9]+)M\)/\1/') MB"
grep -oE 'Using [A-Za-z0-9]+' "$WORK/gc.log" | head -n 1 | sed 's/^/collector: /'

stopped=$(date +%s%N)
podman stop -t 30 "$NAME" >/dev/null
echo "SIGTERM: exit $(podman inspect --format '{{.State.ExitCode}}' "$NAME") after $(( ($(date +%s%N) - stopped) / 1000000 )) ms," \
    "OOM-killed: $(podman inspect --format '{{.State.OOMKilled}}' "$NAME")"
podman logs "$NAME" 2>&1 | { grep -iE 'stopped|outofmemory|error' || true; } | tail -n 5 | sed 's/^/  log: /'
