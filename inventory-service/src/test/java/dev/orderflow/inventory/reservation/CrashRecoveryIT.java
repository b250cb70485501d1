package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.InventoryEvent;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationStatus;
import dev.orderflow.inventory.domain.StepOutcome;
import dev.orderflow.inventory.domain.StockStep;
import dev.orderflow.inventory.stock.Stock;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A handler that dies half-way leaves a claimed reservation and some stepped skus behind; the next
 * delivery of a record about the order finishes the job without doing any step twice. Each test
 * builds the half-done state with the service's own store and steps, then delivers the record.
 */
class CrashRecoveryIT extends InventoryServiceIntegrationTest {

  @Autowired ReservationStore reservations;
  @Autowired Stock stock;
  @Autowired MongoTemplate mongo;

  @Test
  void an_order_redelivered_after_a_crash_mid_reservation_is_finished_without_reserving_twice()
      throws Exception {
    var skuA = newSku("CRASH") + "-a";
    var skuB = skuA.replace("-a", "-b");
    setStock(skuA, 5);
    setStock(skuB, 5);
    var order = placed(newOrderId(), line(skuA, 2), line(skuB, 1));
    var started = start(order.orderId(), List.of(new StockLine(skuA, 2), new StockLine(skuB, 1)));
    stock.apply(skuA, StockStep.reserve(order.orderId(), started.attempt(), 2));
    // ...and the handler died before stepping skuB and before finishing.

    publish(order);

    assertThat(awaitInventoryEvents(order.orderId(), 1))
        .extracting(InventoryEvent::type)
        .containsExactly("StockReserved");
    assertThat(levelsOf(skuA)).isEqualTo(new Levels(skuA, 5, 2, 3));
    assertThat(levelsOf(skuB)).isEqualTo(new Levels(skuB, 5, 1, 4));
    awaitNoMarkers(skuA);
    awaitNoMarkers(skuB);
  }

  @Test
  void a_redelivery_that_finds_a_shortage_takes_back_what_the_crashed_attempt_reserved()
      throws Exception {
    var skuA = newSku("CRASH") + "-a";
    var skuB = skuA.replace("-a", "-b");
    setStock(skuA, 5);
    setStock(skuB, 1);
    var order = placed(newOrderId(), line(skuA, 2), line(skuB, 3));
    var started = start(order.orderId(), List.of(new StockLine(skuA, 2), new StockLine(skuB, 3)));
    stock.apply(skuA, StockStep.reserve(order.orderId(), started.attempt(), 2));

    publish(order);

    var failed = (StockReservationFailed) awaitInventoryEvents(order.orderId(), 1).getFirst();
    assertThat(failed.shortages()).containsExactly(new Shortage(skuB, 3, 1));
    assertThat(levelsOf(skuA)).isEqualTo(new Levels(skuA, 5, 0, 5));
    awaitNoMarkers(skuA);
  }

  @Test
  void a_cancel_redelivered_after_a_crash_mid_release_is_finished_without_releasing_twice()
      throws Exception {
    var skuA = newSku("CRASH") + "-a";
    var skuB = skuA.replace("-a", "-b");
    setStock(skuA, 5);
    setStock(skuB, 5);
    var orderId = newOrderId();
    publish(placed(orderId, line(skuA, 2), line(skuB, 1)));
    awaitInventoryEvents(orderId, 1);
    var reserved = reservations.find(orderId).orElseThrow();
    var releasing = reservations.claim(reserved, ReservationStatus.RELEASING).orElseThrow();
    stock.apply(skuA, StockStep.release(orderId, releasing.attempt(), 2));

    publish(cancelled(orderId));

    assertThat(awaitInventoryEvents(orderId, 2))
        .extracting(InventoryEvent::type)
        .containsExactly("StockReserved", "StockReleased");
    assertThat(levelsOf(skuA)).isEqualTo(new Levels(skuA, 5, 0, 5));
    assertThat(levelsOf(skuB)).isEqualTo(new Levels(skuB, 5, 0, 5));
    awaitNoMarkers(skuA);
  }

  @Test
  void a_cancel_that_finds_a_reservation_left_half_way_finishes_it_and_then_releases_it()
      throws Exception {
    var sku = newSku("CRASH");
    setStock(sku, 5);
    var orderId = newOrderId();
    var started = start(orderId, List.of(new StockLine(sku, 4)));
    assertThat(stock.apply(sku, StockStep.reserve(orderId, started.attempt(), 4)))
        .isEqualTo(StepOutcome.DONE);
    // The OrderPlaced that started this went to the dead-letter topic, say; the cancel comes next.

    publish(cancelled(orderId));

    assertThat(awaitInventoryEvents(orderId, 2))
        .extracting(InventoryEvent::type)
        .containsExactly("StockReserved", "StockReleased");
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 5, 0, 5));
  }

  /** A new reservation of {@code lines}, claimed by attempt 1, as the first delivery makes it. */
  private Reservation start(String orderId, List<StockLine> lines) {
    var started = Reservation.started(orderId, lines);
    assertThat(reservations.insert(started)).isTrue();
    return started;
  }

  /** The sku's markers all removed: at once, or by the next removal together (within a second). */
  private void awaitNoMarkers(String sku) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(markersOf(sku)).isEmpty());
  }

  private Document markersOf(String sku) {
    return mongo
        .getCollection("stock")
        .find(new Document("_id", sku))
        .first()
        .get("pendingOps", Document.class);
  }
}
