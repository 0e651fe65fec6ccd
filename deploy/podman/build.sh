#!/usr/bin/env bash
# Builds Triage's image with podman on a machine that can't pull from an image registry: from the repository's
# Dockerfile, on the Debian-made base of deploy/podman/base.sh (cached), with the jar built on this machine.
#
#   ./triage --help >/dev/null          # builds bot/target/triage.jar when it is missing or older than the sources
#   deploy/podman/build.sh [IMAGE]      # IMAGE defaults to localhost/triage:latest
#
# Needs root, podman, runc and debootstrap (apt-get install podman runc uidmap debootstrap). Where crun fails on the
# cgroup layout or the default ulimits can't be set (sandboxes, CI): export CONTAINERS_CONF=deploy/podman/containers.conf
# Where images can be pulled, plain `docker build -t triage .` (or `podman build --format docker -t triage .`) is enough.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGE=${1:-localhost/triage:latest}
JAR="$ROOT/bot/target/triage.jar"

if [ ! -f "$JAR" ]; then
    echo "build.sh: $JAR is missing; build it with ./triage --help (or mvn -B -DskipTests package), then run this again." >&2
    exit 2
fi
if [ -n "$(find "$ROOT/pom.xml" "$ROOT"/{time,config,checks,adapters,bot}/pom.xml "$ROOT"/{time,config,checks,adapters,bot}/src/main \
        -newer "$JAR" -type f 2>/dev/null | head -n 1)" ]; then
    echo "build.sh: $JAR is older than the sources; rebuild it with ./triage --help (or mvn -B -DskipTests package)." >&2
    exit 2
fi

BASE=$("$ROOT/deploy/podman/base.sh")
# --format docker keeps the Dockerfile's HEALTHCHECK (the OCI format has none).
podman build --quiet --format docker --build-arg JRE_IMAGE="$BASE" --build-arg JAR=prebuilt -t "$IMAGE" "$ROOT" >/dev/null
# The jar stage's image is left behind untagged, 90 MB a build; only those carry this label.
podman image prune --force --filter label=dev.triage.build-stage=jar >/dev/null
echo "$IMAGE"
