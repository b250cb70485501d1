package dev.orderflow.systemtest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.systemtest.Orderflow.Line;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The saga's deadline across the running system: inventory-service slowed down past order-service's
 * 30 s deadline (the {@code slow-consumer} fault, switched through the admin API), so the order is
 * rejected with reason {@code timeout}; the reservation that arrives later is released, and the
 * stock is whole again.
 */
@ExtendWith(RunningSystem.class)
class SagaDeadlineIT {

  private static final String INVENTORY = "inventory-service";
  private static final String SLOW_CONSUMER = "slow-consumer";

  /** Beyond the saga deadline (30 s), so the reservation comes too late. */
  private static final long DELAY_MS = 35_000;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Orderflow orderflow;
  private final Devstack stack;

  SagaDeadlineIT(Orderflow orderflow, Devstack stack) {
    this.orderflow = orderflow;
    this.stack = stack;
  }

  /** Faults outlive restarts (kept in the service's MongoDB): the next test must not inherit it. */
  @AfterEach
  void switchOff() {
    assertThat(orderflow.faultOff(INVENTORY, SLOW_CONSUMER).status()).isEqualTo(200);
  }

  @Test
  void an_order_inventory_answers_too_late_is_rejected_and_its_late_reservation_released() {
    var sku = "DEADLINE-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(orderflow.setStock(sku, 5).status()).isEqualTo(200);
    assertThat(orderflow.faultOn(INVENTORY, SLOW_CONSUMER, Map.of("delayMs", DELAY_MS)).status())
        .isEqualTo(200);
    assertThat(orderflow.metrics(INVENTORY)).containsPattern(faultActive(1));

    var placed = orderflow.placeOrder("c-deadline", List.of(new Line(sku, 2, "4.00")));
    assertThat(placed.status()).isEqualTo(202);
    var orderId = placed.text("orderId");

    await("the order rejected at the deadline")
        .atMost(Duration.ofSeconds(60))
        .until(() -> orderflow.order(orderId).text("status"), "REJECTED"::equals);
    // The placement is being held up already; what follows it (the rejection) need not be.
    orderflow.faultOff(INVENTORY, SLOW_CONSUMER);
    assertThat(orderflow.metrics(INVENTORY)).containsPattern(faultActive(0));

    assertThat(eventsOf("orders.events", orderId))
        .extracting(event -> event.get("type").asString())
        .containsExactly("OrderPlaced", "OrderRejected");
    assertThat(eventsOf("orders.events", orderId).getLast().get("reason").asString())
        .isEqualTo("timeout");
    await("the late reservation, then its release")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() ->
            assertThat(eventsOf("inventory.events", orderId))
                .extracting(event -> event.get("type").asString())
                .containsExactly("StockReserved", "StockReleased"));
    await("the stock whole again")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> {
          var stock = orderflow.stock(sku).body();
          assertThat(stock.get("reserved").asInt()).isZero();
          assertThat(stock.get("available").asInt()).isEqualTo(5);
        });
    assertThat(orderflow.order(orderId).text("status"))
        .as("a late reservation does not revive a rejected order")
        .isEqualTo("REJECTED");
    await("one email, about the rejection")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() ->
            assertThat(orderflow.notifications(orderId).body())
                .extracting(notification -> notification.get("kind").asString())
                .containsExactly("ORDER_REJECTED"));
  }

  /** The {@code faults_active} gauge of the slow-consumer fault, at 1 or 0. */
  private static String faultActive(int value) {
    return "faults_active\\{[^}]*name=\"" + SLOW_CONSUMER + "\"[^}]*} " + value + "\\.0";
  }

  private List<JsonNode> eventsOf(String topic, String orderId) {
    return TopicRecords.readAll(stack.kafkaBootstrapServers(), topic).stream()
        .filter(record -> orderId.equals(record.key()))
        .map(record -> JSON.readTree(new String(record.value(), UTF_8)))
        .toList();
  }
}
