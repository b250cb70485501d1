package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Profile ha: three brokers in one KRaft quorum, every topic on three of them, a write acknowledged
 * by two. With the HA lines of .env.example the services and Kafka UI use exactly those brokers,
 * and nothing asks for more replicas than there are brokers.
 */
class HighAvailabilityTest {

  private static final Set<String> HA = Set.of("ha");

  private final ComposeFile compose = ComposeFile.load();

  @Test
  void profile_ha_adds_three_brokers_of_one_cluster() {
    var brokers = haBrokers(compose);

    assertThat(brokers)
        .extracting(ComposeService::name)
        .containsExactly("kafka-1", "kafka-2", "kafka-3");
    assertThat(brokers)
        .extracting(broker -> broker.environment().get("CLUSTER_ID"))
        .doesNotContainNull()
        .containsOnly(brokers.getFirst().environment().get("CLUSTER_ID"));
    assertThat(brokers)
        .extracting(broker -> broker.environment().get("KAFKA_NODE_ID"))
        .doesNotHaveDuplicates();
  }

  @Test
  void the_three_brokers_form_one_quorum_and_each_advertises_its_own_name() {
    for (var broker : haBrokers(compose)) {
      var environment = broker.environment();
      var voters = Set.of(environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","));

      assertThat(voters)
          .as(broker.name())
          .containsExactlyInAnyOrderElementsOf(
              haBrokers(compose).stream()
                  .map(other ->
                      other.environment().get("KAFKA_NODE_ID") + "@" + other.name() + ":9093")
                  .toList());
      assertThat(environment.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
      assertThat(advertisedAddress(broker)).isEqualTo(broker.name() + ":9092");
    }
  }

  @Test
  void every_topic_gets_three_replicas_and_a_write_needs_two() {
    for (var broker : haBrokers(compose)) {
      assertThat(broker.environment())
          .as(broker.name())
          .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
          .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
    }
  }

  @Test
  void with_the_ha_settings_of_env_example_the_services_use_the_three_brokers() {
    var settings = EnvExample.load().highAvailability();
    assertThat(settings).containsEntry("COMPOSE_PROFILES", "ha");
    var ha = withSettings(settings);
    var brokerAddresses =
        haBrokers(ha).stream().map(HighAvailabilityTest::advertisedAddress).toList();

    for (var service : orderflowServices(ha)) {
      var environment = service.environment();
      assertThat(bootstrap(environment.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")))
          .as(service.name())
          .containsExactlyInAnyOrderElementsOf(brokerAddresses);
      assertThat(environment)
          .as(service.name())
          .containsEntry("ORDERFLOW_KAFKA_REPLICATION_FACTOR", "3")
          .containsEntry("ORDERFLOW_KAFKA_MIN_INSYNC_REPLICAS", "2");
    }
    assertThat(
            bootstrap(
                ha.service("kafka-ui").environment().get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS")))
        .containsExactlyInAnyOrderElementsOf(brokerAddresses);
  }

  @Test
  void with_the_ha_settings_the_services_start_only_once_all_three_brokers_answer() {
    var ha = withSettings(EnvExample.load().highAvailability());
    var gate = String.join(" ", ha.service("kafka").healthcheckTest());

    assertThat(gate).contains("--bootstrap-server kafka-1:9092,kafka-2:9092,kafka-3:9092");
    assertThat(gate).contains("-ge 3");
    assertThat(orderflowServices(ha))
        .allSatisfy(
            service -> assertThat(service.dependsOn()).containsEntry("kafka", "service_healthy"));
  }

  @Test
  void by_default_the_services_use_the_single_broker_with_one_replica() {
    var kafka = compose.service("kafka");

    for (var service : orderflowServices(compose)) {
      assertThat(bootstrap(service.environment().get("SPRING_KAFKA_BOOTSTRAP_SERVERS")))
          .containsExactly(advertisedAddress(kafka));
      assertThat(service.environment())
          .containsEntry("ORDERFLOW_KAFKA_REPLICATION_FACTOR", "1")
          .containsEntry("ORDERFLOW_KAFKA_MIN_INSYNC_REPLICAS", "1");
    }
    assertThat(compose.servicesStartedWith(Set.of()))
        .doesNotContainKeys("kafka-1", "kafka-2", "kafka-3");
  }

  private static List<ComposeService> haBrokers(ComposeFile compose) {
    return compose.services().values().stream()
        .filter(service -> service.profiles().stream().anyMatch(HA::contains))
        .filter(service -> service.image() != null && service.image().startsWith("apache/kafka:"))
        .toList();
  }

  private static List<ComposeService> orderflowServices(ComposeFile compose) {
    return compose.services().values().stream().filter(ComposeService::isSagaService).toList();
  }

  /** host:port of the PLAINTEXT listener, which containers use. */
  private static String advertisedAddress(ComposeService broker) {
    return Arrays.stream(broker.environment().get("KAFKA_ADVERTISED_LISTENERS").split(","))
        .filter(listener -> listener.startsWith("PLAINTEXT://"))
        .map(listener -> listener.substring("PLAINTEXT://".length()))
        .findFirst()
        .orElseThrow();
  }

  private static Set<String> bootstrap(String servers) {
    if (servers == null) {
      return Set.of();
    }
    return Arrays.stream(servers.split(",")).map(String::trim).collect(Collectors.toSet());
  }

  /** The compose file with a .env of the required settings and {@code settings}. */
  private static ComposeFile withSettings(Map<String, String> settings) {
    var dotEnv = new HashMap<>(ComposeFile.REQUIRED);
    dotEnv.putAll(settings);
    return ComposeFile.load(Repository.composeFile(), dotEnv);
  }
}
