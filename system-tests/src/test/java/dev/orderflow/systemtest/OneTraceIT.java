package dev.orderflow.systemtest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.systemtest.Orderflow.Line;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One order, one trace: the trace a client starts with its request continues through the outbox,
 * Kafka and every service that takes part in the saga, although each hop is asynchronous.
 */
@ExtendWith(RunningSystem.class)
class OneTraceIT {

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
    var sku = "TRACE-" + UUID.randomUUID().toString().substring(0, 8);
    orderflow.setStock(sku, 5);
    var traceId = HexFormat.of().formatHex(randomBytes(16));
    var traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

    var placed =
        orderflow.placeOrderInTrace("c-trace", List.of(new Line(sku, 1, "2.00")), traceparent);
    assertThat(placed.status()).isEqualTo(202);
    var orderId = placed.text("orderId");

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
