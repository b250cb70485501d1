package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.InventoryEvent;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.Topics;
import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LastUnitsRaceIT extends InventoryServiceIntegrationTest {

  @Test
  void forty_orders_racing_for_ten_units_reserve_exactly_ten() throws Exception {
    var sku = newSku("RACE");
    setStock(sku, 10);
    var orderIds = new ArrayList<String>();
    var sends = new ArrayList<CompletableFuture<?>>();

    // Sent without waiting for each other: distinct keys spread over every partition, so each
    // listener thread takes some of them at the same time.
    for (int i = 0; i < 40; i++) {
      var order = placed(newOrderId(), line(sku, 1));
      orderIds.add(order.orderId());
      sends.add(
          kafka.send(
              KafkaOutboxPublisher.recordOf("test", order.orderId(), order, json.write(order))));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();

    var outcomes =
        await("an outcome for each of the 40 orders")
            .atMost(PATIENCE)
            .until(() -> outcomesOf(orderIds), found -> found.size() == orderIds.size());
    var byType =
        outcomes.values().stream()
            .collect(Collectors.groupingBy(InventoryEvent::type, Collectors.counting()));
    assertThat(byType)
        .containsOnly(Map.entry("StockReserved", 10L), Map.entry("StockReservationFailed", 30L));
    assertThat(outcomes.values())
        .filteredOn(StockReservationFailed.class::isInstance)
        .map(failed -> ((StockReservationFailed) failed).shortages())
        .allSatisfy(shortages -> assertThat(shortages).containsExactly(new Shortage(sku, 1, 0)));
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 10, 10, 0));
  }

  /** The single outcome of each order that has one; an order with two would fail the collector. */
  private Map<String, InventoryEvent> outcomesOf(List<String> orderIds) {
    return readAll(Topics.INVENTORY_EVENTS.name()).stream()
        .filter(record -> orderIds.contains(record.key()))
        .map(record -> (InventoryEvent) json.read(record.value()))
        .filter(event -> event instanceof StockReserved || event instanceof StockReservationFailed)
        .distinct()
        .collect(Collectors.toMap(InventoryEvent::subject, Function.identity()));
  }
}
