package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.OrderLine;
import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import dev.orderflow.inventory.domain.ReservationOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The reservation code called from many threads at once, with no Kafka partition to put the calls
 * in a line: stock is never oversold, and an order handled by several threads at once (a consumer
 * that lost its partition but is still working, next to the one that took it over) is reserved and
 * released once.
 */
class ConcurrentReservationsIT extends InventoryServiceIntegrationTest {

  static final int THREADS = 8;

  @Autowired StockReservations reservations;
  @Autowired MongoTemplate mongo;

  @Test
  void eight_threads_reserving_one_sku_never_oversell() throws Exception {
    var sku = newSku("THREADS");
    setStock(sku, 20);

    var outcomes =
        race(thread -> {
          var mine = new ArrayList<ReservationOutcome>();
          for (int i = 0; i < 5; i++) {
            mine.add(reservations.reserve(newOrderId(), List.of(line(sku, 1))));
          }
          return mine;
        });

    assertThat(count(outcomes))
        .containsOnly(
            Map.entry(ReservationOutcome.RESERVED, 20L), Map.entry(ReservationOutcome.FAILED, 20L));
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 20, 20, 0));
    assertThat(markersOf(sku)).isEmpty();
  }

  @Test
  void one_order_handled_by_eight_threads_at_once_is_reserved_once() throws Exception {
    var skuA = newSku("SAME") + "-a";
    var skuB = skuA.replace("-a", "-b");
    setStock(skuA, 10);
    setStock(skuB, 10);
    var orderId = newOrderId();
    List<OrderLine> lines = List.of(line(skuA, 3), line(skuB, 1));

    var outcomes = race(thread -> List.of(reservations.reserve(orderId, lines)));

    assertThat(count(outcomes)).containsEntry(ReservationOutcome.RESERVED, 1L);
    assertThat(count(outcomes).keySet())
        .isSubsetOf(
            ReservationOutcome.RESERVED,
            ReservationOutcome.UNCHANGED,
            ReservationOutcome.SUPERSEDED);
    assertThat(levelsOf(skuA)).isEqualTo(new Levels(skuA, 10, 3, 7));
    assertThat(levelsOf(skuB)).isEqualTo(new Levels(skuB, 10, 1, 9));
    assertThat(markersOf(skuA)).isEmpty();
    assertThat(markersOf(skuB)).isEmpty();
  }

  @Test
  void one_cancel_handled_by_eight_threads_at_once_releases_once() throws Exception {
    var sku = newSku("SAME");
    setStock(sku, 10);
    var orderId = newOrderId();
    assertThat(reservations.reserve(orderId, List.of(line(sku, 4))))
        .isEqualTo(ReservationOutcome.RESERVED);

    var outcomes = race(thread -> List.of(reservations.release(orderId)));

    assertThat(count(outcomes)).containsEntry(ReservationOutcome.RELEASED, 1L);
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 10, 0, 10));
    assertThat(markersOf(sku)).isEmpty();
  }

  @Test
  void orders_and_cancels_racing_over_two_skus_keep_every_unit_accounted_for() throws Exception {
    var skuA = newSku("MIXED") + "-a";
    var skuB = skuA.replace("-a", "-b");
    setStock(skuA, 30);
    setStock(skuB, 30);

    // Each thread places orders of 2 x skuA + 1 x skuB and cancels every other one.
    var kept =
        race(thread -> {
          var reservedAndKept = new ArrayList<ReservationOutcome>();
          for (int i = 0; i < 6; i++) {
            var orderId = newOrderId();
            var outcome = reservations.reserve(orderId, List.of(line(skuA, 2), line(skuB, 1)));
            if (outcome == ReservationOutcome.RESERVED && i % 2 == 1) {
              reservations.release(orderId);
            } else if (outcome == ReservationOutcome.RESERVED) {
              reservedAndKept.add(outcome);
            }
          }
          return reservedAndKept;
        });

    int holding = kept.size();
    assertThat(levelsOf(skuA)).isEqualTo(new Levels(skuA, 30, 2 * holding, 30 - 2 * holding));
    assertThat(levelsOf(skuB)).isEqualTo(new Levels(skuB, 30, holding, 30 - holding));
  }

  /** Runs {@code work} on {@link #THREADS} threads released at the same moment. */
  private <T> List<T> race(ThreadWork<T> work) throws Exception {
    var start = new CountDownLatch(1);
    try (var executor = Executors.newFixedThreadPool(THREADS)) {
      var futures = new ArrayList<Future<List<T>>>();
      for (int thread = 0; thread < THREADS; thread++) {
        int number = thread;
        Callable<List<T>> task =
            () -> {
              start.await();
              return work.run(number);
            };
        futures.add(executor.submit(task));
      }
      start.countDown();
      var results = new ArrayList<T>();
      for (var future : futures) {
        results.addAll(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    }
  }

  private static Map<ReservationOutcome, Long> count(List<ReservationOutcome> outcomes) {
    return outcomes.stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private Document markersOf(String sku) {
    return mongo
        .getCollection("stock")
        .find(new Document("_id", sku))
        .first()
        .get("pendingOps", Document.class);
  }

  @FunctionalInterface
  interface ThreadWork<T> {
    List<T> run(int thread) throws Exception;
  }
}
