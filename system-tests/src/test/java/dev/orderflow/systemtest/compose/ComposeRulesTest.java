package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule finds the mistake it is there for, in a small compose file that makes it. */
class ComposeRulesTest {

  private static final String HEALTHY_PAIR =
      """
      services:
        app:
          image: app
          mem_limit: 256m
          healthcheck: {test: ["CMD", "true"]}
          depends_on:
            db: {condition: service_healthy}
        db:
          image: db
          mem_limit: 256m
          healthcheck: {test: ["CMD", "true"]}
      """;

  @Test
  void a_healthy_pair_breaks_no_rule() {
    var compose = ComposeFile.parse(HEALTHY_PAIR, Map.of());

    assertThat(ComposeRules.everyServiceHasAHealthCheck(compose)).isEmpty();
    assertThat(ComposeRules.everyServiceHasAMemoryLimit(compose)).isEmpty();
    assertThat(ComposeRules.dependenciesWaitForHealth(compose)).isEmpty();
    assertThat(ComposeRules.defaultStackFits(compose, 512L << 20)).isEmpty();
  }

  @Test
  void a_top_level_name_is_found() {
    var compose = ComposeFile.parse("name: orderflow\n" + HEALTHY_PAIR, Map.of());

    assertThat(ComposeRules.noProjectName(compose)).hasSize(1);
  }

  @Test
  void a_missing_or_disabled_health_check_is_found() {
    var compose =
        ComposeFile.parse(
            """
            services:
              silent: {image: a, mem_limit: 1m}
              disabled: {image: a, mem_limit: 1m, healthcheck: {disable: true}}
              none: {image: a, mem_limit: 1m, healthcheck: {test: ["NONE"]}}
            """,
            Map.of());

    assertThat(ComposeRules.everyServiceHasAHealthCheck(compose))
        .containsExactly(
            "silent: no health check", "disabled: no health check", "none: no health check");
  }

  @Test
  void a_missing_memory_limit_is_found_and_deploy_limits_count() {
    var compose =
        ComposeFile.parse(
            """
            services:
              unlimited: {image: a}
              deployed: {image: a, deploy: {resources: {limits: {memory: 1g}}}}
            """,
            Map.of());

    assertThat(ComposeRules.everyServiceHasAMemoryLimit(compose))
        .containsExactly("unlimited: no memory limit");
    assertThat(compose.service("deployed").memoryLimitBytes()).hasValue(1L << 30);
  }

  @Test
  void a_default_stack_over_budget_is_found_but_profiles_do_not_count() {
    var compose =
        ComposeFile.parse(
            """
            services:
              big: {image: a, mem_limit: "${BIG:-3g}"}
              bigger: {image: a, mem_limit: 1.5g}
              optional: {image: a, mem_limit: 8g, profiles: [extra]}
            """,
            Map.of());

    assertThat(ComposeRules.defaultStackMemoryBytes(compose)).isEqualTo(4608L << 20);
    assertThat(ComposeRules.defaultStackFits(compose, ComposeRules.DEFAULT_STACK_BUDGET_BYTES))
        .containsExactly(
            "the default stack's memory limits add up to 4608 MiB, more than 4096 MiB");
  }

  @Test
  void a_dependency_that_does_not_wait_for_health_is_found() {
    var compose =
        ComposeFile.parse(
            """
            services:
              started: {image: a, depends_on: [db]}
              unknown: {image: a, depends_on: {nowhere: {condition: service_healthy}}}
              unchecked: {image: a, depends_on: {nocheck: {condition: service_healthy}}}
              always: {image: a, depends_on: {optional: {condition: service_healthy}}}
              db: {image: a, healthcheck: {test: ["CMD", "true"]}}
              nocheck: {image: a}
              optional: {image: a, healthcheck: {test: ["CMD", "true"]}, profiles: [extra]}
            """,
            Map.of());

    assertThat(ComposeRules.dependenciesWaitForHealth(compose))
        .containsExactly(
            "started depends on db with service_started, not service_healthy",
            "unknown depends on nowhere, which is no service",
            "unchecked waits for nocheck, which has no health check",
            "always is always started but depends on optional, which only profiles [extra] start");
  }

  @Test
  void a_missing_build_context_dockerfile_or_module_is_found(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("present"));
    var compose =
        ComposeFile.parse(
            """
            services:
              nowhere: {build: ./absent}
              nofile: {build: {context: present, dockerfile: Missing.Dockerfile}}
              nomodule: {build: {context: ., args: {SERVICE: ghost-service}}}
            """,
            Map.of());
    Files.writeString(root.resolve("Dockerfile"), "FROM scratch\n");

    assertThat(ComposeRules.buildsExist(compose, root))
        .containsExactly(
            "nowhere: build context ./absent does not exist",
            "nofile: no Missing.Dockerfile in present",
            "nomodule: SERVICE=ghost-service is no Maven module");
  }

  @Test
  void a_missing_mounted_file_or_undeclared_volume_is_found(@TempDir Path root) {
    var compose =
        ComposeFile.parse(
            """
            services:
              monitor:
                image: a
                volumes:
                  - ./infra/missing.yml:/etc/config.yml:ro
                  - data:/data
            """,
            Map.of());

    assertThat(ComposeRules.mountsExist(compose, root))
        .containsExactly(
            "monitor mounts ./infra/missing.yml, which does not exist",
            "monitor uses volume data, which is not declared");
  }

  @Test
  void a_fixed_host_port_or_container_name_on_a_scalable_service_is_found() {
    var compose =
        ComposeFile.parse(
            """
            services:
              worker:
                image: a
                container_name: the-worker
                ports: ["127.0.0.1:8082:8082", "127.0.0.1::9000", "9100"]
                environment: {ORDERFLOW_KAFKA_PARTITIONS: "2"}
            """,
            Map.of());

    assertThat(ComposeRules.scalable(compose, Set.of("worker")))
        .containsExactly(
            "worker: container_name the-worker forbids --scale",
            "worker is scalable but publishes the fixed host port 8082");
    assertThat(ComposeRules.partitionsCover(compose, "worker", 3))
        .containsExactly("worker: 2 partitions for 3 instances leave some idle");
  }

  @Test
  void prometheus_targets_off_the_services_are_found() {
    var compose =
        ComposeFile.parse(
            """
            services:
              order-service:
                build: {context: ., args: {SERVICE: order-service, SERVICE_PORT: "8081"}}
              inventory-service:
                build: {context: ., args: {SERVICE: inventory-service, SERVICE_PORT: "8082"}}
            """,
            Map.of());
    var prometheus =
        """
        scrape_configs:
          - job_name: orders
            metrics_path: /actuator/prometheus
            dns_sd_configs: [{names: [order-service], type: A, port: 8082}]
          - job_name: typo
            dns_sd_configs: [{names: [order-servce], type: A, port: 8081}]
          - job_name: other
            static_configs: [{targets: ["elsewhere:9100"]}]
        """;

    assertThat(ComposeRules.prometheusScrapesTheServices(compose, prometheus))
        .containsExactly(
            "job orders scrapes order-service on port 8082, but it listens on 8081",
            "job typo looks up order-servce, which is no compose service",
            "job other scrapes elsewhere:9100, which is no compose service",
            "inventory-service is not scraped by Prometheus");
  }

  @Test
  void interpolation_reads_the_environment_like_compose() {
    var used = new HashSet<String>();
    var environment = Map.of("SET", "value", "EMPTY", "");

    assertThat(
            ComposeFile.interpolate(
                "${SET:-x} ${UNSET:-x} ${EMPTY:-x} ${EMPTY-x}", environment, used))
        .isEqualTo("value x x ");
    assertThat(ComposeFile.interpolate("$$(cmd) $SET ${UNSET}", environment, used))
        .isEqualTo("$(cmd) value ");
    assertThat(used).containsExactlyInAnyOrder("SET", "UNSET", "EMPTY");
    assertThatThrownBy(() -> ComposeFile.interpolate("${UNSET:?needed}", environment, used))
        .hasMessageContaining("UNSET");
  }

  @Test
  void anchors_and_merge_keys_are_resolved() {
    var compose =
        ComposeFile.parse(
            """
            x-base: &base
              image: a
              mem_limit: 128m
              environment: &env {SHARED: "1"}
            services:
              one:
                <<: *base
                environment:
                  <<: *env
                  OWN: "2"
            """,
            Map.of());

    assertThat(compose.service("one").memoryLimitBytes()).hasValue(128L << 20);
    assertThat(compose.service("one").environment())
        .containsEntry("SHARED", "1")
        .containsEntry("OWN", "2");
  }
}
