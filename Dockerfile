# Skein image: one image for every target (skein.target / SKEIN_TARGET) plus the bench load generator.
#   docker build -t skein .
#   docker run -p 3200:3200 -p 4317:4317 -p 4318:4318 skein          # all-in-one
# See docs/deployment.md for the scale-out topology (docker-compose.yml).

# ---- build: the Maven wrapper on a JDK 21 image ----------------------------------------------------
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
# Dependencies first, so a source change does not download the world again.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY api-spec/pom.xml api-spec/
COPY storage-format/pom.xml storage-format/
COPY traceql/pom.xml traceql/
COPY testkit/pom.xml testkit/
COPY ingester/pom.xml ingester/
COPY querier/pom.xml querier/
COPY compactor/pom.xml compactor/
COPY server/pom.xml server/
COPY bench/pom.xml bench/
RUN ./mvnw -B -ntp -q dependency:go-offline -pl server,bench -am || true
COPY . .
# Tests run in CI, not in the image build; spotless and the other checks likewise.
RUN ./mvnw -B -ntp -pl server,bench -am package -DskipTests -Dspotless.check.skip=true \
 && cp server/target/skein-server-*.jar /tmp/skein-server.jar \
 && cp bench/target/skein-bench.jar /tmp/skein-bench.jar

# ---- run: a JRE 21 image, non-root -------------------------------------------------------------------
FROM eclipse-temurin:21-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 skein \
 && useradd --system --uid 10001 --gid skein --home-dir /var/lib/skein --shell /usr/sbin/nologin skein \
 && mkdir -p /opt/skein /var/lib/skein \
 && chown skein:skein /var/lib/skein
COPY --from=build /tmp/skein-server.jar /opt/skein/skein-server.jar
COPY --from=build /tmp/skein-bench.jar /opt/skein/skein-bench.jar
USER skein
WORKDIR /var/lib/skein
# WAL, local blocks and flush work live under the data dir: mount a volume here.
ENV SKEIN_DATA_DIR=/var/lib/skein \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/var/lib/skein"]
# 3200 HTTP API (query, /ready, /metrics) | 4317 OTLP/gRPC | 4318 OTLP/HTTP | 9095 ingester query API (internal)
EXPOSE 3200 4317 4318 9095
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${SKEIN_SERVER_HTTP_LISTEN_PORT:-3200}/ready" || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/skein/skein-server.jar \"$@\"", "skein"]
