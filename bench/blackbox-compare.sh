#!/usr/bin/env bash
# The same 10,000 targets probed by Triage's prober and by Prometheus's blackbox_exporter, one after the other,
# each measured alone: CPU (utime+stime from /proc) and memory (RSS, its peak) of the prober process only.
# The health servers run in a separate process (bench/BlackboxLoad.java serve) for both. All traffic is on 127.0.0.1.
#
# Usage: bench/blackbox-compare.sh [targets=10000] [seconds=120] [interval=30] [inflight=64]
#        bench/blackbox-compare.sh sweep [targets=10000] [seconds=60] [inflight=256]
#          the same targets at 333, 1,000, 2,000 and 5,000 probes/s (interval = targets / rate), each tool alone, then one
#          table side by side: CPU per probe, peak RSS, late/skipped probes and lag, and the highest rate each holds
# Needs root for apt-get (prometheus-blackbox-exporter, Debian package) unless it is installed already.
# Holds the shared Maven lock for the whole run, so no build competes for the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
SWEEP=0
if [[ "${1:-}" == sweep ]]; then
    SWEEP=1
    shift
    TARGETS=${1:-10000}
    SECONDS_EACH=${2:-60}
    INFLIGHT=${3:-256}
    INTERVAL=30
else
    TARGETS=${1:-10000}
    SECONDS_EACH=${2:-120}
    INTERVAL=${3:-30}
    INFLIGHT=${4:-64}
fi
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
    local c0 c1 prev now t=0 half=$(( seconds / 20 * 10 ))
    c0=$(cpu_seconds "$pid"); prev=$c0
    local ch=$c0
    while (( t < seconds )) && kill -0 "$pid" 2>/dev/null; do
        sleep 10; t=$((t + 10))
        kill -0 "$pid" 2>/dev/null || break
        now=$(cpu_seconds "$pid")
        printf '%s %4d s  cpu %5.1f %%  rss %d MB\n' "$label" "$t" "$(echo "($now - $prev) * 10" | bc -l)" "$(rss_mb "$pid")"
        prev=$now
        (( t == half )) && ch=$now
    done
    c1=$(cpu_seconds "$pid")
    printf '%s total: cpu %.1f s over %d s = %.1f %% of one core; rss %d MB, peak %d MB\n' "$label" \
        "$(echo "$c1 - $c0" | bc -l)" "$t" "$(echo "($c1 - $c0) * 100 / $t" | bc -l)" "$(rss_mb "$pid")" "$(hwm_mb "$pid")"
    # For the sweep's table: CPU seconds, peak RSS, and CPU seconds of the second half (after the JIT's warm-up).
    echo "$(echo "$c1 - $c0" | bc -l) $(hwm_mb "$pid") $(echo "$c1 - $ch" | bc -l)" > "$WORK/${label// /}.measured"
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
    CP="bot/target/test-classes:bot/target/classes:checks/target/classes:config/target/classes:adapters/target/classes:time/target/classes:$(cat "$WORK/cp.txt")"
    "$JAVA" -Xmx512m -Dlogback.configurationFile=bot/src/test/logback.xml -cp "$CP" dev.triage.bot.probe.bench.ProberBenchmark \
        targets="$TARGETS" seconds="$SECONDS_EACH" interval="${INTERVAL}s" inflight="$INFLIGHT" ports="$PORTS" > "$WORK/triage.out" &
    local triage=$!
    PIDS+=($triage)
    measure "$triage" "triage  " "$SECONDS_EACH"
    wait "$triage" || true
    sed 's/^/  /' "$WORK/triage.out" | tail -8
    cp "$WORK/triage.out" "$WORK/triage.$INTERVAL.out"; cp "$WORK/triage.measured" "$WORK/triage.$INTERVAL.measured"

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
    cp "$WORK/driver.out" "$WORK/driver.$INTERVAL.out"; cp "$WORK/blackbox.measured" "$WORK/blackbox.$INTERVAL.measured"
    curl -s "http://127.0.0.1:$EXPORTER_PORT/metrics" | grep -E '^(process_resident_memory_bytes|go_memstats_heap_inuse_bytes|go_goroutines) ' | sed 's/^/  exporter metric /'
}

# One row of the sweep's table, from the files one run() left for interval $1 at rate $2.
row() {
    local interval=$1 rate=$2
    read -r tcpu trss tcpu2 < "$WORK/triage.$interval.measured"
    read -r bcpu brss bcpu2 < "$WORK/blackbox.$interval.measured"
    # Probes in the second half, from each tool's 10-second rows (rate x 10 s), for the CPU of the second half.
    local half=$(( SECONDS_EACH / 20 * 10 )) tprobes2 bprobes2
    tprobes2=$(awk -v h="$half" '$2 == "s" && $4 == "probes/s" && $1 + 0 > h { n += $3 * 10 } END { print n + 0 }' "$WORK/triage.$interval.out")
    bprobes2=$(awk -v h="$half" '$1 == "driver" && $3 == "s" && $5 == "probes/s" && $2 + 0 > h { n += $4 * 10 } END { print n + 0 }' "$WORK/driver.$interval.out")
    local tprobes tskipped tlate tlag bprobes berrors blag
    tprobes=$(awk '/^probes / { print $2 }' "$WORK/triage.$interval.out")
    tskipped=$(grep -oE 'skipped [0-9]+' "$WORK/triage.$interval.out" | tail -1 | awk '{ print $2 }')
    tlate=$(grep -oE 'late [0-9]+' "$WORK/triage.$interval.out" | tail -1 | awk '{ print $2 }')
    tlag=$(sed -n 's/^scheduling lag over the last [0-9]* probes: //p' "$WORK/triage.$interval.out")
    bprobes=$(awk '/^driver total / { print $3 }' "$WORK/driver.$interval.out")
    berrors=$(grep -oE 'errors [0-9]+' "$WORK/driver.$interval.out" | tail -1 | awk '{ print $2 }')
    blag=$(grep -oE 'lag max [0-9.]+ ms' "$WORK/driver.$interval.out" | sort -k3 -n | tail -1)
    local tach bach
    tach=$(sed -n 's/^probes [0-9]* (\([0-9.]*\)\/s overall.*/\1/p' "$WORK/triage.$interval.out")
    bach=$(sed -n 's/^driver total .* = \([0-9.]*\)\/s.*/\1/p' "$WORK/driver.$interval.out")
    printf '%6d/s | %7.1f/s %6.3f ms %6.3f ms %5d MB  skipped %-6s late %-6s %-28s | %7.1f/s %6.3f ms %6.3f ms %5d MB  errors %-4s driver %s\n' "$rate" \
        "${tach:-0}" "$(echo "$tcpu * 1000 / ($tprobes + 0.0001)" | bc -l)" "$(echo "$tcpu2 * 1000 / ($tprobes2 + 0.0001)" | bc -l)" \
        "$trss" "$tskipped" "$tlate" "lag ${tlag:-?}" \
        "${bach:-0}" "$(echo "$bcpu * 1000 / (${bprobes:-0} + 0.0001)" | bc -l)" "$(echo "$bcpu2 * 1000 / ($bprobes2 + 0.0001)" | bc -l)" \
        "$brss" "${berrors:-?}" "${blag:-?}"
    # Held: at least 95 % of the rate probed, and none skipped (Triage) / no error (blackbox_exporter).
    if [[ "${tskipped:-1}" == 0 ]] && (( $(echo "${tach:-0} >= 0.95 * $rate" | bc -l) )); then TRIAGE_HOLDS=$rate; fi
    if [[ "${berrors:-1}" == 0 ]] && (( $(echo "${bach:-0} >= 0.95 * $rate" | bc -l) )); then BLACKBOX_HOLDS=$rate; fi
    return 0
}

echo "waiting for the shared Maven lock (no build may run during the measurement) ..."
exec 9>/tmp/triage-mvn.lock
flock 9
if (( SWEEP == 0 )); then
    run
    exit 0
fi
RATES=(333 1000 2000 5000)
for rate in "${RATES[@]}"; do
    INTERVAL=$(( (TARGETS + rate / 2) / rate ))
    (( INTERVAL >= 1 )) || INTERVAL=1
    echo "######## $rate probes/s: $TARGETS targets every ${INTERVAL}s"
    run
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    PIDS=()
    sleep 2
done
TRIAGE_HOLDS=none
BLACKBOX_HOLDS=none
echo
echo "== sweep: $TARGETS targets, $SECONDS_EACH s each, $INFLIGHT in flight; CPU per probe and peak RSS of the prober process only"
echo "   rate  | Triage: probed, cpu/probe (whole run, second half), peak RSS, skipped, late, scheduling lag | blackbox_exporter: probed, cpu/probe (whole run, second half), peak RSS, errors, driver lag"
echo "           (the whole run includes the JVM's start and the JIT compiler's warm-up; the second half is a bot that has been running)"
for rate in "${RATES[@]}"; do
    row "$(( (TARGETS + rate / 2) / rate ))" "$rate"
done
echo "highest rate held (95 % of it probed, none skipped / no error): Triage $TRIAGE_HOLDS/s, blackbox_exporter $BLACKBOX_HOLDS/s"
