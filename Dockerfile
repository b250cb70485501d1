# syntax=docker/dockerfile:1
#
# The image of every orderflow service, one recipe for all four and the console: docker-compose.yml
# builds it once per service with the build arguments SERVICE (the Maven module) and SERVICE_PORT
# (its HTTP port).
#
#   docker build --build-arg SERVICE=inventory-service --build-arg SERVICE_PORT=8082 -t inventory-service .
#
# One file instead of four: the services are built, laid out and run the same way, so a fix to the
# recipe reaches all of them. The build stage does not use SERVICE, which makes it the same stage
# for all four images: BuildKit runs the Maven build once and each image takes its service from it.
#
# Both base images are multi-arch (amd64 and arm64) and nothing architecture-specific is
# downloaded, so the same file builds on an Intel laptop, on Apple silicon and on an arm64 server.
# Needs BuildKit (the default builder of Docker Engine 23 and later) for the cache mount and --chmod.

ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG JRE_IMAGE=eclipse-temurin:25-jre

FROM ${JDK_IMAGE} AS build
WORKDIR /workspace
COPY . .
# The Maven wrapper downloads Maven itself and all dependencies into ~/.m2; the cache mount keeps
# them between builds, so a code change recompiles without downloading everything again. Tests are
# not compiled here: ./mvnw verify is where they run. Each runnable jar is then split into Spring
# Boot's layers (dependencies, loader, snapshot dependencies, application), most stable first.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp -Dmaven.test.skip=true -Dspotless.check.skip=true \
      -pl order-service,inventory-service,notification-service,projection-service,console,loadgen -am package \
 && for service in order-service inventory-service notification-service projection-service console loadgen; do \
      java -Djarmode=tools -jar "${service}/target/${service}"-*-exec.jar \
        extract --layers --launcher --destination "/layers/${service}" || exit 1; \
    done

# The load generator, for compose's `load` profile (docker-compose.yml gives its entrypoint and
# command); not a service, so no port and no health probe of its own.
FROM ${JRE_IMAGE} AS loadgen
WORKDIR /app
COPY --from=build /layers/loadgen/dependencies/ ./
COPY --from=build /layers/loadgen/spring-boot-loader/ ./
COPY --from=build /layers/loadgen/snapshot-dependencies/ ./
COPY --from=build /layers/loadgen/application/ ./
# Where compose's ledger volume goes: a fresh named volume takes this directory's owner.
RUN mkdir /ledger && chown 10001:10001 /ledger
USER 10001:10001

# A service: the last stage, so a plain `docker build` makes one.
FROM ${JRE_IMAGE}
ARG SERVICE
ARG SERVICE_PORT=8080
RUN test -n "${SERVICE}" || { echo "Build with --build-arg SERVICE=<service module>" >&2; exit 1; } \
 && groupadd --system --gid 10001 orderflow \
 && useradd --system --uid 10001 --gid orderflow --no-create-home --shell /usr/sbin/nologin orderflow
WORKDIR /app
# One image layer per Boot layer: a code change rebuilds only the last, small one. The application
# layer carries the service's CycloneDX SBOM: /app/META-INF/sbom/application.cdx.json
# (docs/security.md).
COPY --from=build /layers/${SERVICE}/dependencies/ ./
COPY --from=build /layers/${SERVICE}/spring-boot-loader/ ./
COPY --from=build /layers/${SERVICE}/snapshot-dependencies/ ./
COPY --from=build /layers/${SERVICE}/application/ ./
COPY --chmod=755 infra/docker/service-healthcheck.sh /usr/local/bin/healthcheck

ENV SERVER_PORT=${SERVICE_PORT}
EXPOSE ${SERVICE_PORT}
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 CMD ["/usr/local/bin/healthcheck"]

# Container-aware memory: the heap is half of the container's memory limit (docker-compose.yml sets
# the limit), which leaves the other half to metaspace, thread stacks, direct buffers and the code
# cache. A JVM that runs out of memory exits, and the restart policy starts a fresh one, instead of
# limping on. Further flags can go into JAVA_TOOL_OPTIONS (for the same flag, these here win).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", \
            "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"]
