# Triage as a container: the jar built with Maven on a JDK, run on a JRE as a non-root user (uid/gid 10001).
#   docker build -t triage .
#   docker run --stop-timeout 30 -v $PWD/triage.yaml:/etc/triage/triage.yaml:ro -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN triage
# (a stop on SIGTERM takes up to about 22 s: Docker's default 10 s before SIGKILL is too short; README, "Docker")
# Where no image can be pulled, from a base made of Debian packages and the jar built on the host
# (deploy/podman/build.sh does all of it; README, "Docker"):
#   podman build --format docker --build-arg JRE_IMAGE=localhost/triage-base:… --build-arg JAR=prebuilt -t triage .
#
# JRE_IMAGE: the runtime's base; it needs java (21 or newer) on the PATH, sh and bash, useradd and groupadd.
ARG JRE_IMAGE=eclipse-temurin:21-jre
# JAR: "source" builds bot/target/triage.jar here with Maven; "prebuilt" takes the one already in bot/target
# (./triage or mvn package built it), so nothing but JRE_IMAGE is pulled.
ARG JAR=source

FROM maven:3.9-eclipse-temurin-21 AS jar-source
WORKDIR /src
COPY pom.xml .
COPY time/pom.xml time/pom.xml
COPY config/pom.xml config/pom.xml
COPY checks/pom.xml checks/pom.xml
COPY adapters/pom.xml adapters/pom.xml
COPY bot/pom.xml bot/pom.xml
COPY image/pom.xml image/pom.xml
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -q -DskipTests package && cp bot/target/triage.jar /triage.jar

FROM scratch AS jar-prebuilt
# The label lets deploy/podman/build.sh remove this stage's leftover image (a jar's worth) after the build.
LABEL dev.triage.build-stage=jar
COPY bot/target/triage.jar /triage.jar

FROM jar-${JAR} AS jar

FROM ${JRE_IMAGE}
# A fixed numeric uid/gid, so Kubernetes' runAsNonRoot can verify it (deploy/kubernetes runs as 10001).
RUN groupadd --system --gid 10001 triage && useradd --system -K SYS_UID_MAX=10001 --uid 10001 --gid triage --home-dir /var/lib/triage --create-home triage \
    && mkdir -p /etc/triage && chown triage:triage /etc/triage
COPY --from=jar /triage.jar /opt/triage/triage.jar
COPY bin/triage-java bin/triage-healthcheck /opt/triage/bin/
COPY config/examples/triage.yaml /etc/triage/triage.example.yaml
USER 10001:10001
WORKDIR /var/lib/triage
# Mount your configuration at /etc/triage/triage.yaml (and known_hosts/keys beside it).
VOLUME ["/var/lib/triage"]
# UTF-8 whatever the base sets (→ and · print as themselves); TRIAGE_JAVA_OPTS adds to the JVM defaults in
# bin/triage-java (heap half the memory limit, SerialGC, C1) and wins where both set something.
ENV TRIAGE_HEALTH_PORT=8081 LANG=C.UTF-8 TRIAGE_JAVA_OPTS=""
EXPOSE 8081
# GET /healthz without a second JVM in the container's memory (`java -jar /opt/triage/triage.jar healthcheck` asks the
# same, at about 40 MB more).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/opt/triage/bin/triage-healthcheck"]
ENTRYPOINT ["/opt/triage/bin/triage-java", "/opt/triage/triage.jar"]
CMD ["run", "--config", "/etc/triage/triage.yaml"]
