package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as a user's Docker Compose reads it on a fresh clone (no .env): the rules of
 * {@link ComposeRules} hold. There is no Docker engine on the build machines, so these static
 * checks are what stands between a typo and a user's broken first {@code docker compose up}.
 */
class ComposeFileTest {

  private final ComposeFile compose = ComposeFile.load();

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
            "kafka-ui",
            "jaeger");
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
        .filter(ComposeService::isOrderflowService)
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
            .filter(ComposeService::isOrderflowService)
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
            .filter(ComposeService::isOrderflowService)
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
