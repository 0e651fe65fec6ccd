#!/usr/bin/env bash
# The image's base made from Debian packages, for machines that can't pull eclipse-temurin:21-jre: Debian trixie
# (minbase) with OpenJDK 21's headless JRE, built with debootstrap and imported into podman. Prints the image's name.
#
#   deploy/podman/base.sh          # → localhost/triage-base:<hash>, reused while this file is unchanged
#
# Cached twice, both keyed by a hash of this file, the suite, the mirror and the architecture: the image in podman's
# storage, and its root filesystem as a tarball in $TRIAGE_IMAGE_CACHE (default /var/cache/triage-image), which a CI
# can keep between machines. Building it takes about a minute and the network (deb.debian.org, or $DEBIAN_MIRROR);
# reusing it a second. Needs root (debootstrap), debootstrap and podman.
set -euo pipefail

SUITE=trixie
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ARCH=$(dpkg --print-architecture)
# passwd: useradd for the Dockerfile's triage user. openjdk-21-jre-headless brings ca-certificates(-java) for TLS.
# fontconfig, fonts-dejavu-core, libharfbuzz0b: the uptime charts are drawn headless with AWT, which needs fontconfig,
# a font and (for the JRE's libfontmanager) HarfBuzz — a mere Recommends of openjdk-21-jre-headless, which debootstrap skips.
PACKAGES=openjdk-21-jre-headless,passwd,fontconfig,fonts-dejavu-core,libharfbuzz0b
CACHE=${TRIAGE_IMAGE_CACHE:-/var/cache/triage-image}

fail() { echo "base.sh: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || fail "debootstrap needs root; run it as root (or pass --build-arg JRE_IMAGE=eclipse-temurin:21-jre where images can be pulled)."
command -v debootstrap >/dev/null || fail "debootstrap is missing: apt-get install debootstrap"
command -v podman >/dev/null || fail "podman is missing: apt-get install podman runc uidmap"

HASH=$( (cat "${BASH_SOURCE[0]}"; echo "$SUITE $MIRROR $ARCH") | sha256sum | cut -c1-12)
IMAGE=localhost/triage-base:$HASH
TARBALL=$CACHE/triage-base-$HASH.tar.gz

if podman image exists "$IMAGE"; then
    echo "$IMAGE"
    exit 0
fi

if [ ! -s "$TARBALL" ]; then
    mkdir -p "$CACHE"
    ROOTFS=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    trap 'rm -rf "$ROOTFS"' EXIT
    echo "base.sh: debootstrap $SUITE with $PACKAGES from $MIRROR (about a minute) ..." >&2
    if ! debootstrap --variant=minbase --include="$PACKAGES" --arch="$ARCH" "$SUITE" "$ROOTFS" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1; then
        tail -n 20 "$CACHE/debootstrap.log" >&2
        fail "debootstrap failed; the whole log is $CACHE/debootstrap.log"
    fi
    # What a runtime image doesn't need: docs, man pages, translations, package lists, caches, logs.
    rm -rf "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/* \
        "$ROOTFS"/usr/share/lintian "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/cache/debconf/*-old \
        "$ROOTFS"/var/log/* "$ROOTFS"/tmp/* "$ROOTFS"/var/tmp/*
    # …and keep them out of whatever is installed later, as Debian's own images do.
    mkdir -p "$ROOTFS/etc/dpkg/dpkg.cfg.d"
    printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' \
        'path-exclude /usr/share/locale/*' > "$ROOTFS/etc/dpkg/dpkg.cfg.d/excludes"
    tar --numeric-owner -C "$ROOTFS" -c . | gzip -1 > "$TARBALL.part"
    mv "$TARBALL.part" "$TARBALL"
    rm -rf "$ROOTFS"
    trap - EXIT
fi

echo "base.sh: importing $TARBALL as $IMAGE" >&2
podman import --quiet --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'ENV LANG=C.UTF-8' \
    --message "Debian $SUITE minbase with $PACKAGES (deploy/podman/base.sh)" "$TARBALL" "$IMAGE" >/dev/null
echo "$IMAGE"
