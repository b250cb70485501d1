package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every environment variable docker-compose.yml gives a service sets one of that service's
 * configuration properties, as its runnable jar (the one its image runs) really has them: a
 * misspelt variable would otherwise be ignored without a word, and the service would quietly run
 * with its default (localhost, say).
 *
 * <p>Reads each service's {@code target/*-exec.jar}, which {@code ./mvnw verify} builds before
 * these tests run (system-tests depends on the services). Where it has not been built, as after
 * {@code ./mvnw test} on a fresh clone, the check is skipped rather than run against nothing.
 */
class ServiceEnvironmentTest {

  @TempDir static Path scratch;

  private static final Map<String, ServiceConfiguration> CONFIGURATIONS = new ConcurrentHashMap<>();

  static Stream<String> orderflowServices() {
    return ComposeFile.load().services().values().stream()
        .filter(ComposeService::isOrderflowService)
        .map(ComposeService::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orderflowServices")
  void every_variable_given_to_the_service_is_one_of_its_properties(String serviceName) {
    var service = ComposeFile.load().service(serviceName);
    var configuration = configurationOf(service.module());

    assertThat(ComposeRules.environmentIsConfiguration(service, configuration)).isEmpty();
  }

  @Test
  void a_misspelt_variable_sets_nothing_and_the_right_spelling_is_suggested() {
    var orders = configurationOf("order-service");

    assertThat(orders.accepts("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isTrue();
    assertThat(orders.propertyOf("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
        .hasValue("spring.kafka.bootstrap-servers");
    assertThat(orders.accepts("SPRING_KAFKA_BOOTSTRAP_SERVER")).isFalse();
    assertThat(orders.closestVariable("SPRING_KAFKA_BOOTSTRAP_SERVER"))
        .hasValue("SPRING_KAFKA_BOOTSTRAP_SERVERS");

    var misspelt =
        ComposeFile.parse(
                """
                services:
                  order-service:
                    build: {context: ., args: {SERVICE: order-service}}
                    environment:
                      SPRING_KAFKA_BOOTSTRAP_SERVER: kafka:9092
                """,
                Map.of())
            .service("order-service");
    assertThat(ComposeRules.environmentIsConfiguration(misspelt, orders))
        .containsExactly(
            "order-service: SPRING_KAFKA_BOOTSTRAP_SERVER is no configuration property of the"
                + " service (did you mean SPRING_KAFKA_BOOTSTRAP_SERVERS?)");
  }

  @Test
  void orderflow_properties_are_found_in_the_platform_records_nested_ones_included() {
    var orders = configurationOf("order-service");

    assertThat(orders.propertyOf("ORDERFLOW_KAFKA_PARTITIONS"))
        .hasValue("orderflow.kafka.partitions");
    assertThat(orders.propertyOf("ORDERFLOW_KAFKA_MIN_INSYNC_REPLICAS"))
        .hasValue("orderflow.kafka.min-insync-replicas");
    assertThat(orders.propertyOf("ORDERFLOW_KAFKA_RETRY_MAX_INTERVAL"))
        .hasValue("orderflow.kafka.retry.max-interval");
    assertThat(orders.accepts("ORDERFLOW_OUTBOX_BATCH_SIZE")).isTrue();
    assertThat(orders.accepts("ORDERFLOW_KAFKA_PARTITION")).isFalse();
  }

  @Test
  void a_property_belongs_only_to_the_services_that_have_it() {
    var orders = configurationOf("order-service");
    var notifications = configurationOf("notification-service");

    assertThat(notifications.accepts("SPRING_MAIL_HOST")).isTrue();
    assertThat(notifications.accepts("ORDERFLOW_NOTIFICATION_SENDER")).isTrue();
    assertThat(orders.accepts("SPRING_MAIL_HOST")).isFalse();
    assertThat(orders.accepts("ORDERFLOW_NOTIFICATION_SENDER")).isFalse();
  }

  @Test
  void map_properties_take_any_key_and_placeholders_name_variables() {
    var orders = configurationOf("order-service");

    assertThat(orders.accepts("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS")).isTrue();
    assertThat(orders.accepts("HOSTNAME"))
        .as("orderflow.instance.name and the metrics' instance tag: ${HOSTNAME:…}")
        .isTrue();
    assertThat(orders.accepts("JAVA_TOOL_OPTIONS")).isTrue();
  }

  private static ServiceConfiguration configurationOf(String module) {
    return CONFIGURATIONS.computeIfAbsent(
        module, key -> ServiceConfiguration.ofBuiltModule(key, scratch));
  }
}
