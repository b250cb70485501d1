package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.InventoryEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * inventory-service's part in the saga, driven through Kafka as order-service drives it; written
 * once and run twice: on the embedded stack ({@link StockReservationIT}) and on real containers
 * where Docker exists ({@link StockReservationContainersIT}).
 */
abstract class StockReservationScenarios extends InventoryServiceIntegrationTest {

  @Test
  void an_order_whose_lines_are_all_in_stock_reserves_every_line() throws Exception {
    var skuA = newSku("ALL") + "-a";
    var skuB = skuA.replace("-a", "-b");
    setStock(skuA, 10);
    setStock(skuB, 10);
    var orderId = newOrderId();

    publish(placed(orderId, line(skuB, 1), line(skuA, 2), line(skuB, 3)));

    var reserved = (StockReserved) awaitInventoryEvents(orderId, 1).getFirst();
    assertThat(reserved.lines()).containsExactly(new StockLine(skuA, 2), new StockLine(skuB, 4));
    assertThat(levelsOf(skuA)).isEqualTo(new Levels(skuA, 10, 2, 8));
    assertThat(levelsOf(skuB)).isEqualTo(new Levels(skuB, 10, 4, 6));
  }

  @Test
  void an_order_with_a_line_short_reserves_nothing_and_names_every_shortage() throws Exception {
    var skuA = newSku("NONE") + "-a";
    var skuB = skuA.replace("-a", "-b");
    var unknown = skuA.replace("-a", "-c");
    setStock(skuA, 10);
    setStock(skuB, 1);
    var orderId = newOrderId();

    publish(placed(orderId, line(skuA, 3), line(skuB, 2), line(unknown, 1)));

    var failed = (StockReservationFailed) awaitInventoryEvents(orderId, 1).getFirst();
    assertThat(failed.reason()).isEqualTo(RejectionReason.INSUFFICIENT_STOCK);
    assertThat(failed.shortages())
        .containsExactly(new Shortage(skuB, 2, 1), new Shortage(unknown, 1, 0));
    assertThat(levelsOf(skuA)).isEqualTo(new Levels(skuA, 10, 0, 10));
    assertThat(levelsOf(skuB)).isEqualTo(new Levels(skuB, 1, 0, 1));
  }

  @Test
  void an_order_placed_twice_is_reserved_once() throws Exception {
    var sku = newSku("TWICE");
    setStock(sku, 5);
    var order = placed(newOrderId(), line(sku, 2));

    publish(order);
    publish(order);
    awaitHandled(order.orderId());

    assertThat(inventoryEvents(order.orderId()))
        .extracting(InventoryEvent::type)
        .containsExactly("StockReserved");
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 5, 2, 3));
  }

  @Test
  void a_cancel_delivered_twice_releases_once() throws Exception {
    var sku = newSku("CANCEL");
    setStock(sku, 5);
    var orderId = newOrderId();
    publish(placed(orderId, line(sku, 2)));
    awaitInventoryEvents(orderId, 1);

    publish(cancelled(orderId));
    publish(cancelled(orderId));
    awaitHandled(orderId);

    var events = inventoryEvents(orderId);
    assertThat(events)
        .extracting(InventoryEvent::type)
        .containsExactly("StockReserved", "StockReleased");
    assertThat(((StockReleased) events.getLast()).lines()).containsExactly(new StockLine(sku, 2));
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 5, 0, 5));
  }

  @Test
  void a_cancel_that_overtakes_its_order_leaves_a_tombstone_so_the_order_reserves_nothing()
      throws Exception {
    var sku = newSku("TOMBSTONE");
    setStock(sku, 5);
    var orderId = newOrderId();

    publish(cancelled(orderId));
    publish(placed(orderId, line(sku, 2)));
    awaitHandled(orderId);

    assertThat(inventoryEvents(orderId)).isEmpty();
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 5, 0, 5));
  }

  @Test
  void a_rejected_order_gives_back_a_reservation_that_was_made_after_all() throws Exception {
    var sku = newSku("COMPENSATE");
    setStock(sku, 5);
    var orderId = newOrderId();
    publish(placed(orderId, line(sku, 3)));
    awaitInventoryEvents(orderId, 1);

    publish(rejected(orderId));

    var events = awaitInventoryEvents(orderId, 2);
    assertThat(events)
        .extracting(InventoryEvent::type)
        .containsExactly("StockReserved", "StockReleased");
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 5, 0, 5));
  }

  @Test
  void a_rejected_order_that_reserved_nothing_gives_nothing_back() throws Exception {
    var sku = newSku("REJECT");
    setStock(sku, 1);
    var orderId = newOrderId();
    publish(placed(orderId, line(sku, 2)));
    awaitInventoryEvents(orderId, 1);

    publish(rejected(orderId));
    awaitHandled(orderId);

    assertThat(inventoryEvents(orderId))
        .extracting(InventoryEvent::type)
        .containsExactly("StockReservationFailed");
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 1, 0, 1));
  }

  @Test
  void a_confirmed_order_keeps_its_reservation() throws Exception {
    var sku = newSku("CONFIRM");
    setStock(sku, 5);
    var orderId = newOrderId();
    publish(placed(orderId, line(sku, 2)));
    awaitInventoryEvents(orderId, 1);

    publish(new OrderConfirmed(orderId, 2, T0.plusSeconds(1)));
    awaitHandled(orderId);

    assertThat(inventoryEvents(orderId))
        .extracting(InventoryEvent::type)
        .isEqualTo(List.of("StockReserved"));
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 5, 2, 3));
  }
}
