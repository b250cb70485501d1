package dev.orderflow.projection.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.customer.CustomerOrdersProjection;
import dev.orderflow.projection.customer.CustomerOrdersStore;
import dev.orderflow.projection.customer.domain.OrderSummary;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.InMemoryOrderViewStore;
import dev.orderflow.projection.order.OrderProjection;
import dev.orderflow.projection.order.OrderViewStore;
import dev.orderflow.projection.order.domain.OrderView;
import dev.orderflow.projection.sales.SalesProjection;
import dev.orderflow.projection.sales.SalesStore;
import dev.orderflow.projection.sales.domain.Sales;
import dev.orderflow.projection.sales.domain.SalesBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The derived read models (customer history, sales) are written after the order view, each in its
 * own document. Whatever the delivery brings (relay duplicates at new offsets, early versions, a
 * crash after any write followed by a redelivery of the same record), every count must come out
 * exactly as the fold of the orders' histories.
 */
class ExactlyOnceCountingTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final List<String> SKUS = List.of("SKU-A", "SKU-B", "SKU-C");

  final Random random = new Random(20260101);
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** A failure right after a write succeeded: the record is delivered again. */
  static final class Crash extends RuntimeException {}

  @Test
  void duplicates_early_events_and_crashes_between_writes_never_change_a_count() {
    for (int run = 0; run < 20; run++) {
      var histories = histories(40);
      var records = deliveries(histories);
      var crashes = new Crashes(random, 0.15);
      var sales = new InMemorySales(crashes);
      var customers = new InMemoryCustomers(crashes);
      var side =
          new OrderReadSide(
              1,
              new OrderProjection(new CrashingViews(crashes), metrics("order"), change -> {}),
              new CustomerOrdersProjection(customers, metrics("customer-orders")),
              new SalesProjection(sales, metrics("sales")));

      for (var record : records) {
        while (true) {
          try {
            side.apply(new PositionedEvent(record.event(), record.position()));
            break;
          } catch (Crash redelivered) {
            // The same record, the same position, again.
          }
        }
      }

      assertThat(sales.netUnitsBySku()).as("run %d", run).isEqualTo(expectedNetUnits(histories));
      assertThat(customers.versions()).isEqualTo(expectedVersions(histories));
    }
  }

  /**
   * Written behind, a crash loses what the process held in memory: the views not stored, the
   * records not flushed. The records after the last commit (the last flush that ended) come again,
   * to a process that starts from what was stored.
   */
  @Test
  void written_behind_a_crash_anywhere_in_a_flush_never_changes_a_count() {
    assertThat(
            crashesAnywhereInFlushes(
                new OrderProjection.WritesBehind(Duration.ZERO, Duration.ZERO)))
        .as("flushes that held records back")
        .isZero();
  }

  /**
   * The views of pending orders held back by the flushes while the rest is stored: a poll is
   * committed only once everything it applied is stored (what the flush answers, as the intake
   * reads it), so a crash brings back the held records and everything applied after them.
   */
  @Test
  void written_behind_with_pending_orders_held_a_crash_anywhere_never_changes_a_count() {
    assertThat(
            crashesAnywhereInFlushes(
                new OrderProjection.WritesBehind(Duration.ZERO, Duration.ofHours(1))))
        .as("flushes that held records back")
        .isPositive();
  }

  /**
   * Twenty runs of forty orders written {@code behind}, flushed as due now and then and whole at
   * the end, crashing anywhere: a poll is committed only once everything it applied is stored (what
   * the flush answers, as the intake reads it), and a crash starts a new process from what was
   * stored with the records after the last commit. Every count must come out as the fold.
   *
   * @return how many flushes held records back
   */
  private int crashesAnywhereInFlushes(OrderProjection.WritesBehind behind) {
    var heldBack = 0;
    for (int run = 0; run < 20; run++) {
      var histories = histories(40);
      var records = deliveries(histories);
      var crashes = new Crashes(random, 0.15);
      var views = new CrashingViews(crashes);
      var sales = new InMemorySales(crashes);
      var customers = new InMemoryCustomers(crashes);
      Supplier<OrderReadSide> started =
          () ->
              new OrderReadSide(
                  1,
                  new OrderProjection(views, metrics("order"), change -> {}, behind),
                  new CustomerOrdersProjection(customers, metrics("customer-orders")),
                  new SalesProjection(sales, metrics("sales")));
      var side = started.get();
      // The polls applied and not committed: where each ends, and when it was applied.
      var polls = new ArrayDeque<long[]>();
      int committed = 0;
      int next = 0;
      var restarts = 0;
      while (committed < records.size()) {
        var to = Math.min(records.size(), next + 1 + random.nextInt(8));
        side.applyAll(
            records.subList(next, to).stream()
                .map(record -> new PositionedEvent(record.event(), record.position()))
                .toList());
        polls.add(new long[] {to, System.nanoTime()});
        next = to;
        if (next == records.size() || random.nextInt(3) == 0) {
          try {
            var through = next == records.size() ? side.flush() : side.flushDue();
            while (!polls.isEmpty() && polls.getFirst()[1] - through <= 0) {
              committed = (int) polls.removeFirst()[0];
            }
            if (committed < next) {
              heldBack++;
            }
          } catch (Crash lostEverythingInMemory) {
            side = started.get();
            next = committed;
            polls.clear();
            restarts++;
          }
        }
      }

      assertThat(restarts).as("run %d crashed", run).isPositive();
      assertThat(sales.netUnitsBySku()).as("run %d", run).isEqualTo(expectedNetUnits(histories));
      assertThat(customers.versions()).isEqualTo(expectedVersions(histories));
      for (var history : histories) {
        var last = history.getLast();
        assertThat(views.find(last.orderId()).orElseThrow().view().version())
            .isEqualTo(last.version());
      }
    }
    return heldBack;
  }

  // --- the system under test's inputs ----------------------------------------------------------

  record Delivery(DomainEvent event, RecordPosition position) {}

  /** Each order's events in version order: placed, then confirmed or rejected, maybe cancelled. */
  private List<List<OrderEvent>> histories(int orders) {
    var histories = new ArrayList<List<OrderEvent>>();
    for (int i = 0; i < orders; i++) {
      var orderId = "o-" + i;
      var placedAt = T0.plusSeconds(random.nextInt(3 * 3600)).plusMillis(random.nextInt(1000));
      var lines = new ArrayList<OrderLine>();
      for (var sku : SKUS) {
        if (lines.isEmpty() || random.nextBoolean()) {
          lines.add(new OrderLine(sku, 1 + random.nextInt(3), new BigDecimal("2.50")));
        }
      }
      var total = lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
      var history = new ArrayList<OrderEvent>();
      history.add(new OrderPlaced(orderId, 1, placedAt, "c-" + (i % 5), lines, total));
      var decidedAt = placedAt.plusMillis(50 + random.nextInt(5000));
      switch (random.nextInt(4)) {
        case 0 ->
            history.add(
                new OrderRejected(orderId, 2, decidedAt, RejectionReason.INSUFFICIENT_STOCK));
        case 1 ->
            history.add(
                new OrderCancelled(orderId, 2, decidedAt, CancellationReason.CUSTOMER_REQUEST));
        case 2 -> {
          history.add(new OrderConfirmed(orderId, 2, decidedAt));
          history.add(
              new OrderCancelled(
                  orderId,
                  3,
                  decidedAt.plus(Duration.ofMinutes(70)),
                  CancellationReason.CUSTOMER_REQUEST));
        }
        default -> history.add(new OrderConfirmed(orderId, 2, decidedAt));
      }
      if (random.nextInt(6) == 0) {
        history.removeLast(); // still pending
      }
      histories.add(history);
    }
    return histories;
  }

  /**
   * One partition: the orders interleaved, each order's events in version order, except that
   * sometimes two are swapped (an early event), and some events are published again later (a relay
   * duplicate, at a new offset).
   */
  private List<Delivery> deliveries(List<List<OrderEvent>> histories) {
    var queues = new ArrayList<List<OrderEvent>>();
    for (var history : histories) {
      var queue = new ArrayList<>(history);
      if (queue.size() > 1 && random.nextInt(5) == 0) {
        var swap = random.nextInt(queue.size() - 1);
        queue.add(swap, queue.remove(swap + 1));
      }
      queues.add(queue);
    }
    var events = new ArrayList<OrderEvent>();
    var published = new ArrayList<OrderEvent>();
    while (queues.stream().anyMatch(q -> !q.isEmpty())) {
      var queue = queues.get(random.nextInt(queues.size()));
      if (!queue.isEmpty()) {
        var event = queue.removeFirst();
        events.add(event);
        published.add(event);
      }
      if (!published.isEmpty() && random.nextInt(8) == 0) {
        events.add(published.get(random.nextInt(published.size())));
      }
    }
    var deliveries = new ArrayList<Delivery>();
    for (int offset = 0; offset < events.size(); offset++) {
      deliveries.add(
          new Delivery(events.get(offset), new RecordPosition("orders.events", 0, offset)));
    }
    return deliveries;
  }

  // --- what the counts must be: the plain fold of the histories --------------------------------

  private static Map<String, Long> expectedNetUnits(List<List<OrderEvent>> histories) {
    var units = new HashMap<String, Long>();
    for (var history : histories) {
      var placed = (OrderPlaced) history.getFirst();
      var confirmed = history.stream().anyMatch(OrderConfirmed.class::isInstance);
      var cancelledAfter =
          confirmed && history.getLast() instanceof OrderCancelled cancel && cancel.version() == 3;
      if (confirmed && !cancelledAfter) {
        placed.lines().forEach(line -> units.merge(line.sku(), (long) line.quantity(), Long::sum));
      }
    }
    units.values().removeIf(count -> count == 0);
    return units;
  }

  private static Map<String, Long> expectedVersions(List<List<OrderEvent>> histories) {
    var versions = new HashMap<String, Long>();
    histories.forEach(h -> versions.put(h.getFirst().orderId(), h.getLast().version()));
    return versions;
  }

  // --- stores that crash after a write ----------------------------------------------------------

  private OutcomeMetrics metrics(String readModel) {
    return new OutcomeMetrics(readModel, Intake.LIVE, meters);
  }

  record Crashes(Random random, double probability) {

    <T> T after(Supplier<T> write) {
      var result = write.get();
      if (random.nextDouble() < probability) {
        throw new Crash();
      }
      return result;
    }
  }

  static final class CrashingViews extends InMemoryOrderViewStore {

    private final Crashes crashes;

    CrashingViews(Crashes crashes) {
      this.crashes = crashes;
    }

    @Override
    public synchronized boolean insert(OrderView view, Map<Long, RecordPosition> appliedBy) {
      return crashes.after(() -> super.insert(view, appliedBy));
    }

    @Override
    public boolean replace(
        OrderViewStore.StoredOrderView current,
        OrderView next,
        Map<Long, RecordPosition> appliedBy) {
      var replaced = super.replace(current, next, appliedBy);
      // A write that lost a race is not a crash; one that happened may be followed by one.
      return replaced ? crashes.after(() -> true) : false;
    }
  }

  static final class InMemorySales implements SalesStore {

    private final Crashes crashes;
    private final Map<String, SalesBucket> buckets = new HashMap<>();

    InMemorySales(Crashes crashes) {
      this.crashes = crashes;
    }

    @Override
    public ProjectionOutcome<SalesBucket> add(Sales sold, RecordPosition position) {
      var key = sold.key();
      var outcome =
          buckets.getOrDefault(key, SalesBucket.empty(sold.sku(), sold.hour())).add(sold, position);
      if (outcome instanceof Applied<SalesBucket> applied) {
        return crashes.after(() -> {
          buckets.put(key, applied.view());
          return outcome;
        });
      }
      return outcome;
    }

    Map<String, Long> netUnitsBySku() {
      var units = new HashMap<String, Long>();
      buckets.values().forEach(b -> units.merge(b.sales().sku(), b.sales().netUnits(), Long::sum));
      units.values().removeIf(count -> count == 0);
      return units;
    }

    @Override
    public List<Sales> ofSku(String sku, Instant from, Instant to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Sales> between(Instant from, Instant to) {
      throw new UnsupportedOperationException();
    }
  }

  static final class InMemoryCustomers implements CustomerOrdersStore {

    private final Crashes crashes;
    private final Map<String, OrderSummary> orders = new HashMap<>();

    InMemoryCustomers(Crashes crashes) {
      this.crashes = crashes;
    }

    @Override
    public ProjectionOutcome<OrderSummary> record(OrderSummary summary) {
      var outcome = summary.over(orders.get(summary.orderId()));
      if (outcome instanceof Applied<OrderSummary> applied) {
        return crashes.after(() -> {
          orders.put(summary.orderId(), applied.view());
          return outcome;
        });
      }
      return outcome;
    }

    Map<String, Long> versions() {
      var versions = new HashMap<String, Long>();
      orders.values().forEach(o -> versions.put(o.orderId(), o.version()));
      return versions;
    }

    @Override
    public Page<OrderSummary> page(String customerId, int page, int size, boolean newestFirst) {
      throw new UnsupportedOperationException();
    }
  }
}
