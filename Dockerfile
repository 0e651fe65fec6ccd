# Triage as a container: build with Maven on a JDK, run on a JRE as a non-root user.
#   docker build -t triage .
#   docker run -v $PWD/triage.yaml:/etc/triage/triage.yaml:ro -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN triage
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
COPY config/pom.xml config/pom.xml
COPY checks/pom.xml checks/pom.xml
COPY adapters/pom.xml adapters/pom.xml
COPY bot/pom.xml bot/pom.xml
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21-jre
# A fixed numeric uid/gid, so Kubernetes' runAsNonRoot can verify it (deploy/kubernetes runs as 10001).
RUN groupadd --system --gid 10001 triage && useradd --system --uid 10001 --gid triage --home-dir /var/lib/triage --create-home triage \
    && mkdir -p /etc/triage && chown triage:triage /etc/triage
COPY --from=build /src/bot/target/triage.jar /opt/triage/triage.jar
COPY config/examples/triage.yaml /etc/triage/triage.example.yaml
USER 10001:10001
WORKDIR /var/lib/triage
# Mount your configuration at /etc/triage/triage.yaml (and known_hosts/keys beside it).
VOLUME ["/var/lib/triage"]
ENV TRIAGE_HEALTH_PORT=8081
EXPOSE 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["java", "-jar", "/opt/triage/triage.jar", "healthcheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/triage/triage.jar"]
CMD ["run", "--config", "/etc/triage/triage.yaml"]
