package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as a user's Docker Compose reads it on a fresh clone, with only the admin
 * password in .env: the rules of {@link ComposeRules} hold. There is no Docker engine on the build
 * machines, so these static checks are what stands between a typo and a user's broken first {@code
 * docker compose up}.
 */
class ComposeFileTest {

  private final ComposeFile compose = ComposeFile.load();

  @Test
  void without_an_admin_password_of_the_users_own_compose_refuses_to_start_and_says_why() {
    assertThatThrownBy(() -> ComposeFile.load(Repository.composeFile(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ADMIN_PASSWORD")
        .hasMessageContaining(".env");
  }

  @Test
  void the_services_and_grafana_share_the_admin_of_env_and_nothing_has_a_default_password() {
    for (var name :
        List.of(
            "order-service", "inventory-service", "notification-service", "projection-service")) {
      assertThat(compose.service(name).environment())
          .as(name)
          .containsEntry("ADMIN_PASSWORD", ComposeFile.REQUIRED.get("ADMIN_PASSWORD"));
    }
    assertThat(compose.service("grafana").environment())
        .containsEntry("GF_SECURITY_ADMIN_PASSWORD", ComposeFile.REQUIRED.get("ADMIN_PASSWORD"));
    assertThat(Repository.read(Repository.composeFile()))
        .doesNotContainPattern("PASSWORD[A-Z_]*:\\s*\\$\\{[A-Z_]+:-");
  }

  @Test
  void the_services_run_read_only_without_capabilities_or_a_way_to_gain_them() {
    var built = compose.services().values().stream().filter(ComposeService::isBuilt).toList();
    assertThat(built).extracting(ComposeService::name).contains("order-service", "loadgen");
    for (var service : built) {
      var definition = service.definition();
      assertThat(definition.get("read_only")).as(service.name()).isEqualTo(true);
      assertThat(ComposeFile.asList(definition.get("tmpfs"))).as(service.name()).contains("/tmp");
      assertThat(ComposeFile.asList(definition.get("cap_drop")))
          .as(service.name())
          .containsExactly("ALL");
      assertThat(ComposeFile.asList(definition.get("security_opt")))
          .as(service.name())
          .contains("no-new-privileges:true");
    }
  }

  @Test
  void the_load_profile_writes_its_ledger_to_a_volume_its_user_owns_not_to_the_read_only_root() {
    var loadgen = compose.service("loadgen");
    var command = loadgen.command();
    var ledger = command.get(command.indexOf("--ledger") + 1);

    assertThat(ledger).startsWith("/ledger/");
    assertThat(loadgen.mounts())
        .anySatisfy(mount -> {
          assertThat(mount.target()).isEqualTo("/ledger");
          assertThat(mount.bind()).isFalse();
        });
    assertThat(Repository.read("Dockerfile")).contains("chown 10001:10001 /ledger");
  }

  @Test
  void has_no_top_level_name_so_that_docker_compose_v1_accepts_it() {
    assertThat(ComposeRules.noProjectName(compose)).isEmpty();
  }

  @Test
  void runs_the_whole_system_by_default() {
    assertThat(compose.servicesStartedWith(Set.of()).keySet())
        .contains(
            "kafka",
            "mongo",
            "order-service",
            "inventory-service",
            "notification-service",
            "projection-service",
            "prometheus",
            "grafana",
            "mailpit",
            "jaeger",
            "console")
        .doesNotContain("kafka-ui");
  }

  @Test
  void the_console_reaches_every_service_by_its_compose_name_and_port_and_links_to_jaeger() {
    var console = compose.service(ComposeService.CONSOLE);
    var services =
        compose.services().values().stream().filter(ComposeService::isSagaService).toList();

    assertThat(services).hasSize(4);
    for (var service : services) {
      var route = service.name().replace("-service", "").toUpperCase(java.util.Locale.ROOT);
      assertThat(console.environment())
          .containsEntry(
              "ORDERFLOW_CONSOLE_SERVICES_" + route,
              "http://" + service.name() + ":" + service.httpPort().orElseThrow());
    }
    assertThat(console.environment())
        .containsEntry("ORDERFLOW_CONSOLE_JAEGER_URL", "http://localhost:16686");
    assertThat(console.httpPort()).hasValue(8080);
  }

  @Test
  void every_container_has_a_health_check() {
    assertThat(ComposeRules.everyServiceHasAHealthCheck(compose)).isEmpty();
  }

  @Test
  void every_container_has_a_memory_limit() {
    assertThat(ComposeRules.everyServiceHasAMemoryLimit(compose)).isEmpty();
  }

  @Test
  void the_default_stack_fits_in_four_gibibytes() {
    assertThat(ComposeRules.defaultStackFits(compose, ComposeRules.DEFAULT_STACK_BUDGET_BYTES))
        .isEmpty();
  }

  @Test
  void dependencies_wait_for_health() {
    assertThat(ComposeRules.dependenciesWaitForHealth(compose)).isEmpty();
  }

  @Test
  void the_services_wait_for_kafka_and_mongodb() {
    compose.services().values().stream()
        .filter(ComposeService::isSagaService)
        .forEach(service ->
            assertThat(service.dependsOn())
                .as(service.name())
                .containsEntry("kafka", "service_healthy")
                .containsEntry("mongo", "service_healthy"));
  }

  @Test
  void what_is_built_exists() {
    assertThat(ComposeRules.buildsExist(compose, Repository.root())).isEmpty();
  }

  @Test
  void mounted_files_exist() {
    assertThat(ComposeRules.mountsExist(compose, Repository.root())).isEmpty();
  }

  @Test
  void inventory_service_scales_as_the_readme_says() {
    var readme = Repository.read("README.md");
    var scale = Pattern.compile("--scale inventory-service=(\\d+)").matcher(readme);
    assertThat(scale.find()).as("README.md shows how to scale inventory-service").isTrue();
    int instances = Integer.parseInt(scale.group(1));

    assertThat(ComposeRules.scalable(compose, Set.of("inventory-service"))).isEmpty();
    assertThat(ComposeRules.partitionsCover(compose, "inventory-service", instances)).isEmpty();
  }

  @Test
  void every_service_uses_the_same_partitions_and_kafka_creates_topics_with_them() {
    var partitions =
        compose.services().values().stream()
            .filter(ComposeService::isSagaService)
            .map(service -> service.environment().get("ORDERFLOW_KAFKA_PARTITIONS"))
            .distinct()
            .toList();
    assertThat(partitions).hasSize(1);
    assertThat(compose.service("kafka").environment())
        .containsEntry("KAFKA_NUM_PARTITIONS", partitions.getFirst());
  }

  @Test
  void each_service_has_its_own_database_on_the_replica_set() {
    var uris =
        compose.services().values().stream()
            .filter(ComposeService::isSagaService)
            .map(service -> service.environment().get("SPRING_MONGODB_URI"))
            .toList();
    assertThat(uris)
        .containsExactlyInAnyOrder(
            "mongodb://mongo:27017/orders?replicaSet=rs0",
            "mongodb://mongo:27017/inventory?replicaSet=rs0",
            "mongodb://mongo:27017/notifications?replicaSet=rs0",
            "mongodb://mongo:27017/projections?replicaSet=rs0");
    assertThat(compose.service("mongo").command()).containsSubsequence("--replSet", "rs0");
  }
}
