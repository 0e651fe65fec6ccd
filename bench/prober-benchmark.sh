#!/usr/bin/env bash
# Triage's prober against 10,000 local targets (see ProberBenchmark.java for what it prints).
# Usage: bench/prober-benchmark.sh [targets=10000] [seconds=150] [servers=4] [interval=30s] [inflight=64]
# Builds under the shared Maven lock, then runs under it too, so no build competes for the 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CP_FILE=/tmp/triage-bot-cp.txt
flock /tmp/triage-mvn.lock mvn -B -q -o -pl bot -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
CP="bot/target/test-classes:bot/target/classes:checks/target/classes:config/target/classes:adapters/target/classes:time/target/classes:$(cat "$CP_FILE")"
exec flock /tmp/triage-mvn.lock "$JAVA_HOME/bin/java" -Xmx512m -Dlogback.configurationFile=bot/src/test/logback.xml \
    -cp "$CP" dev.triage.bot.probe.bench.ProberBenchmark "$@"
