package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.Topics;
import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.kafka.DeadLetters;
import dev.orderflow.platform.outbox.PoisonRecordFault;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * order-service's fault {@code poison-record}, switched on: what inventory-service, a consumer of
 * orders.events, does with the records it publishes.
 */
class PoisonRecordIT extends InventoryServiceIntegrationTest {

  private static final String TOPIC = Topics.ORDER_EVENTS.name();

  @Autowired MeterRegistry meters;
  @Autowired Clock clock;

  @Test
  void poison_records_are_dead_lettered_with_their_cause_and_the_next_order_is_reserved()
      throws Exception {
    // order-service's fault, standing in for it: it publishes as order-service's relay would.
    var orderServiceFaults = new Faults(new SimpleMeterRegistry(), clock);
    new PoisonRecordFault(
        orderServiceFaults, kafka, "order-service", Topics.ORDER_EVENTS, json, clock);
    var sku = newSku("POISONED");
    setStock(sku, 5);
    var deadLetters = DeadLetters.counter(meters, TOPIC);
    var counted = deadLetters.count();
    var lettered = poisonDeadLetters();

    orderServiceFaults.enable("poison-record", Map.of("kind", 2L, "count", 2L));
    orderServiceFaults.enable("poison-record", Map.of("kind", 1L));
    var next = placed(newOrderId(), line(sku, 1));
    publish(next);

    await("three dead letters, each with its cause")
        .atMost(PATIENCE)
        .until(() -> poisonDeadLetters() - lettered == 3);
    var poison =
        readAll(Topics.ORDER_EVENTS.deadLetter()).stream()
            .filter(record -> record.key() != null && record.key().startsWith("poison-"))
            .toList();
    assertThat(poison)
        .allSatisfy(record ->
            assertThat(header(record, "kafka_dlt-exception-fqcn"))
                .endsWith("DeserializationException"));
    assertThat(poison)
        .filteredOn(record ->
            header(record, "kafka_dlt-exception-message").contains("quantity must be within"))
        .hasSize(2);
    assertThat(deadLetters.count())
        .as("kafka_dead_letters_total{topic=\"orders.events\"}")
        .isGreaterThanOrEqualTo(counted + 3);
    awaitInventoryEvents(next.orderId(), 1);
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 5, 1, 4));
  }

  private long poisonDeadLetters() {
    return readAll(Topics.ORDER_EVENTS.deadLetter()).stream()
        .filter(record -> record.key() != null && record.key().startsWith("poison-"))
        .count();
  }
}
