package dev.orderflow.systemtest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.systemtest.Orderflow.Line;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One order, one trace: the trace a client starts with its request continues through the outbox,
 * Kafka and every service that takes part in the saga, although each hop is asynchronous; and the
 * log lines written on the way are JSON that carry the order's id and the trace id.
 */
@ExtendWith(RunningSystem.class)
class OneTraceIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Orderflow orderflow;
  private final Devstack stack;
  private final TraceCollector traces;

  OneTraceIT(Orderflow orderflow, Devstack stack, TraceCollector traces) {
    this.orderflow = orderflow;
    this.stack = stack;
    this.traces = traces;
  }

  @Test
  void the_trace_of_a_placed_order_reaches_all_four_services_and_every_event_of_it() {
    var traced = placeOrderInNewTrace("c-trace");
    var traceId = traced.traceId();
    var orderId = traced.orderId();

    await("spans of the order's trace from every service")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() ->
            assertThat(traces.servicesIn(traceId))
                .contains(
                    "order-service",
                    "inventory-service",
                    "notification-service",
                    "projection-service"));
    for (var topic : List.of("orders.events", "inventory.events", "notifications.events")) {
      assertThat(traceIdsOnTopic(topic, orderId)).as(topic).isNotEmpty().containsOnly(traceId);
    }
  }

  @Test
  void the_log_lines_of_each_saga_step_are_json_with_the_orders_id_and_trace() {
    var traced = placeOrderInNewTrace("c-logs");
    var traceId = traced.traceId();
    var orderId = traced.orderId();

    await("a JSON log line of each saga step, with the order's id and trace id")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> {
          assertThat(logLinesOf("order-service", orderId))
              .anySatisfy(line ->
                  assertThat(line.get("message").asString())
                      .isEqualTo("Order " + orderId + " placed by c-logs: 1 lines, total 2.00"))
              .anySatisfy(line ->
                  assertThat(line.get("message").asString())
                      .isEqualTo("Order " + orderId + " confirmed"))
              .allSatisfy(line -> assertThat(line.toString()).contains(traceId));
          assertThat(logLinesOf("inventory-service", orderId))
              .anySatisfy(line ->
                  assertThat(line.get("message").asString())
                      .isEqualTo("OrderPlaced of order " + orderId + ": reserved"))
              .allSatisfy(line -> assertThat(line.toString()).contains(traceId));
          assertThat(logLinesOf("notification-service", orderId))
              .anySatisfy(line ->
                  assertThat(line.get("message").asString())
                      .isEqualTo("Emailed " + orderId + ":ORDER_CONFIRMED"))
              .allSatisfy(line -> assertThat(line.toString()).contains(traceId));
        });
  }

  private record Traced(String traceId, String orderId) {}

  /** Places a one-line order of a new sku, as the start of a new trace (a W3C traceparent). */
  private Traced placeOrderInNewTrace(String customerId) {
    var sku = "TRACE-" + UUID.randomUUID().toString().substring(0, 8);
    orderflow.setStock(sku, 5);
    var traceId = HexFormat.of().formatHex(randomBytes(16));
    var traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

    var placed =
        orderflow.placeOrderInTrace(customerId, List.of(new Line(sku, 1, "2.00")), traceparent);
    assertThat(placed.status()).isEqualTo(202);
    return new Traced(traceId, placed.text("orderId"));
  }

  /** The JSON log lines of a service that carry {@code orderId} in their {@code orderId} field. */
  private List<JsonNode> logLinesOf(String service, String orderId) throws IOException {
    var lines = new ArrayList<JsonNode>();
    for (var line : Files.readAllLines(stack.logFile(service), UTF_8)) {
      if (line.startsWith("{") && line.contains(orderId)) {
        var json = JSON.readTree(line);
        if (json.has("orderId") && orderId.equals(json.get("orderId").asString())) {
          lines.add(json);
        }
      }
    }
    return lines;
  }

  private List<String> traceIdsOnTopic(String topic, String orderId) {

    return TopicRecords.readAll(stack.kafkaBootstrapServers(), topic).stream()
        .filter(record -> orderId.equals(record.key()))
        .map(record -> new String(record.headers().lastHeader("traceparent").value(), UTF_8))
        .map(header -> header.split("-")[1])
        .toList();
  }

  private static byte[] randomBytes(int length) {
    var bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
