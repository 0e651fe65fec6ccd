#!/usr/bin/env bash
# The same 10,000 targets probed by Triage's prober and by Prometheus's blackbox_exporter, one after the other,
# each measured alone: CPU (utime+stime from /proc) and memory (RSS, its peak) of the prober process only.
# The health servers run in a separate process (bench/BlackboxLoad.java serve) for both. All traffic is on 127.0.0.1.
#
# Usage: bench/blackbox-compare.sh [targets=10000] [seconds=120] [interval=30] [inflight=64]
# Needs root for apt-get (prometheus-blackbox-exporter, Debian package) unless it is installed already.
# Holds the shared Maven lock for the whole run, so no build competes for the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=${1:-10000}
SECONDS_EACH=${2:-120}
INTERVAL=${3:-30}
INFLIGHT=${4:-64}
(( SECONDS_EACH <= 180 )) || { echo "seconds must be at most 180: $SECONDS_EACH" >&2; exit 2; }
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
EXPORTER_PORT=19115
WORK=$(mktemp -d /tmp/triage-blackbox.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

if ! command -v prometheus-blackbox-exporter >/dev/null; then
    apt-get install -y --no-install-recommends prometheus-blackbox-exporter >/dev/null \
        || { apt-get update >/dev/null && apt-get install -y --no-install-recommends prometheus-blackbox-exporter >/dev/null; }
fi
BLACKBOX=$(command -v prometheus-blackbox-exporter)

# CPU seconds (user+system) and memory of one process, from /proc.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$1/status"; }

# Samples a process every 10 s while it runs; prints totals at the end.
measure() {
    local pid=$1 label=$2 seconds=$3
    local c0 c1 prev now t=0
    c0=$(cpu_seconds "$pid"); prev=$c0
    while (( t < seconds )) && kill -0 "$pid" 2>/dev/null; do
        sleep 10; t=$((t + 10))
        kill -0 "$pid" 2>/dev/null || break
        now=$(cpu_seconds "$pid")
        printf '%s %4d s  cpu %5.1f %%  rss %d MB\n' "$label" "$t" "$(echo "($now - $prev) * 10" | bc -l)" "$(rss_mb "$pid")"
        prev=$now
    done
    c1=$(cpu_seconds "$pid")
    printf '%s total: cpu %.1f s over %d s = %.1f %% of one core; rss %d MB, peak %d MB\n' "$label" \
        "$(echo "$c1 - $c0" | bc -l)" "$t" "$(echo "($c1 - $c0) * 100 / $t" | bc -l)" "$(rss_mb "$pid")" "$(hwm_mb "$pid")"
}

run() {
    # Health servers in their own process, shared by both runs.
    "$JAVA" -Xmx256m bench/BlackboxLoad.java serve $((2 * SECONDS_EACH + 120)) > "$WORK/serve.out" &
    PIDS+=($!)
    for _ in $(seq 100); do grep -q '^ports ' "$WORK/serve.out" 2>/dev/null && break; sleep 0.2; done
    PORTS=$(awk '/^ports / { print $2 }' "$WORK/serve.out")
    [[ -n "$PORTS" ]] || { echo "health servers did not start" >&2; exit 1; }
    echo "health servers on 127.0.0.1 ports $PORTS"

    echo "== Triage prober: $TARGETS targets every ${INTERVAL}s, $SECONDS_EACH s"
    mvn -B -q -o -pl bot -am test-compile dependency:build-classpath \
        -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
    CP="bot/target/test-classes:bot/target/classes:checks/target/classes:config/target/classes:adapters/target/classes:$(cat "$WORK/cp.txt")"
    "$JAVA" -Xmx512m -Dlogback.configurationFile=bot/src/test/logback.xml -cp "$CP" dev.triage.bot.probe.bench.ProberBenchmark \
        targets="$TARGETS" seconds="$SECONDS_EACH" interval="${INTERVAL}s" inflight="$INFLIGHT" ports="$PORTS" > "$WORK/triage.out" &
    local triage=$!
    PIDS+=($triage)
    measure "$triage" "triage  " "$SECONDS_EACH"
    wait "$triage" || true
    sed 's/^/  /' "$WORK/triage.out" | tail -8

    echo "== blackbox_exporter $("$BLACKBOX" --version 2>&1 | head -1 | awk '{ print $3 }'): same targets, module http_2xx, $SECONDS_EACH s"
    cat > "$WORK/blackbox.yml" <<YAML
modules:
  http_2xx:
    prober: http
    timeout: 5s
    http:
      preferred_ip_protocol: ip4
      method: GET
YAML
    "$BLACKBOX" --config.file="$WORK/blackbox.yml" --web.listen-address="127.0.0.1:$EXPORTER_PORT" --log.level=warn \
        > "$WORK/blackbox.log" 2>&1 &
    local exporter=$!
    PIDS+=($exporter)
    for _ in $(seq 50); do curl -sf "http://127.0.0.1:$EXPORTER_PORT/metrics" >/dev/null && break; sleep 0.2; done
    "$JAVA" -Xmx256m bench/BlackboxLoad.java drive "http://127.0.0.1:$EXPORTER_PORT" "$PORTS" "$TARGETS" "$SECONDS_EACH" \
        "$INTERVAL" "$INFLIGHT" > "$WORK/driver.out" &
    local driver=$!
    PIDS+=($driver)
    measure "$exporter" "blackbox" "$SECONDS_EACH"
    wait "$driver" || true
    sed 's/^/  /' "$WORK/driver.out" | tail -3
    curl -s "http://127.0.0.1:$EXPORTER_PORT/metrics" | grep -E '^(process_resident_memory_bytes|go_memstats_heap_inuse_bytes|go_goroutines) ' | sed 's/^/  exporter metric /'
}

echo "waiting for the shared Maven lock (no build may run during the measurement) ..."
exec 9>/tmp/triage-mvn.lock
flock 9
run
