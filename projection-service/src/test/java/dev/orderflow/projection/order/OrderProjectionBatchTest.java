package dev.orderflow.projection.order;

import static dev.orderflow.projection.order.domain.OrderHistories.T0;
import static dev.orderflow.projection.order.domain.OrderHistories.placed;
import static dev.orderflow.projection.order.domain.OrderHistories.placedConfirmedCancelled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.projection.CountedMongo;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.OrderProjection.OrderApplied;
import dev.orderflow.projection.order.OrderProjection.WritesBehind;
import dev.orderflow.projection.order.domain.OrderStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderProjection#applyAll}, a poll's records at once, on the MongoDB store's bulk writes:
 * the same views, positions, outcomes, counts and announcements as one record at a time, in a read
 * and a write per kind.
 */
class OrderProjectionBatchTest {

  final CountedMongo mongo = new CountedMongo();
  final EventJson json = new EventJson();

  @AfterEach
  void close() {
    mongo.close();
  }

  /** A projection on its own collection, with what it counts and announces. */
  final class Side {
    final RivalStore store;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<Object> announced = new ArrayList<>();
    final OrderProjection projection;

    Side(String collection) {
      this(collection, false);
    }

    Side(String collection, boolean behind) {
      this(collection, behind ? new WritesBehind(Duration.ZERO, Duration.ZERO) : null);
    }

    Side(String collection, @Nullable WritesBehind behind) {
      store = new RivalStore(collection);
      projection =
          new OrderProjection(
              store,
              new OutcomeMetrics(OrderProjection.NAME, Intake.LIVE, meters),
              announced::add,
              behind);
    }

    double counted(String name) {
      return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }
  }

  /**
   * The MongoDB store, with hooks that run just before a batch's writes (another writer's) and just
   * after them (a failure once they landed).
   */
  final class RivalStore extends MongoOrderViewStore {
    Runnable beforeWriteAll = () -> {};
    Runnable afterWriteAll = () -> {};

    RivalStore(String collection) {
      super(mongo.template(), json, collection);
    }

    @Override
    public Set<String> writeAll(List<Write> writes) {
      beforeWriteAll.run();
      var lost = super.writeAll(writes);
      afterWriteAll.run();
      return lost;
    }
  }

  @Test
  void a_batch_of_several_orders_gives_what_one_record_at_a_time_gives() {
    var records = interleaved();
    var oneByOne = new Side("one_by_one");
    var batched = new Side("batched");

    var expected = new ArrayList<OrderApplied>();
    for (var record : records) {
      expected.add(oneByOne.projection.apply(record.event(), record.position()));
    }
    var finds = mongo.sent("find");
    var inserts = mongo.sent("insert");
    var updates = mongo.sent("update");
    var firstHalf = records.subList(0, records.size() / 2);
    var secondHalf = records.subList(records.size() / 2, records.size());
    var results = new ArrayList<OrderApplied>();
    results.addAll(batched.projection.applyAll(firstHalf));
    results.addAll(batched.projection.applyAll(secondHalf));
    var batchFinds = mongo.sent("find") - finds;
    var batchInserts = mongo.sent("insert") - inserts;
    var batchUpdates = mongo.sent("update") - updates;

    assertThat(results).isEqualTo(expected);
    for (var orderId : List.of("o-1", "o-2", "o-3")) {
      var one = oneByOne.store.find(orderId).orElseThrow();
      var batch = batched.store.find(orderId).orElseThrow();
      assertThat(batch.view()).isEqualTo(one.view());
      assertThat(batch.appliedBy()).isEqualTo(one.appliedBy());
    }
    assertThat(batched.announced).isEqualTo(oneByOne.announced);
    assertThat(batched.counted("projection.events.applied"))
        .isEqualTo(oneByOne.counted("projection.events.applied"));
    assertThat(batched.counted("projection.events.skipped"))
        .isEqualTo(oneByOne.counted("projection.events.skipped"))
        .isPositive();
    // The first half: one find $in, one insertMany; the second: the views are remembered, so one
    // bulkWrite and nothing read.
    assertThat(batchFinds).isOne();
    assertThat(batchInserts).isOne();
    assertThat(batchUpdates).isOne();
  }

  @Test
  void an_order_whose_compare_and_set_loses_inside_the_bulk_is_applied_again_on_its_own() {
    var batched = new Side("views");
    var rival = new Side("views");
    batched.projection.applyAll(List.of(at(placed("o-1"), 1), at(placed("o-2"), 2)));
    var notified =
        new NotificationSent(
            "o-2", NotificationKind.ORDER_CONFIRMED, T0.plusSeconds(2), "c-1@example.com");
    batched.store.beforeWriteAll =
        () -> rival.projection.apply(notified, new RecordPosition("notifications.events", 0, 7));

    var results =
        batched.projection.applyAll(
            List.of(
                at(new OrderConfirmed("o-1", 2, T0.plusSeconds(1)), 3),
                at(new OrderConfirmed("o-2", 2, T0.plusSeconds(1)), 4)));

    assertThat(results)
        .extracting(applied -> applied.outcome().view().status())
        .containsExactly(OrderStatus.CONFIRMED, OrderStatus.CONFIRMED);
    var o2 = batched.store.find("o-2").orElseThrow();
    assertThat(o2.view().status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(o2.view().timeline())
        .extracting(entry -> entry.type())
        .containsExactly("OrderPlaced", "OrderConfirmed", "NotificationSent");
    assertThat(o2.revision()).as("placed, notified by the rival, confirmed").isEqualTo(3);
    assertThat(o2.appliedBy().get(2L)).isEqualTo(position(4));
    assertThat(results.get(1).transitions()).extracting(t -> t.version()).containsExactly(2L);
    assertThat(batched.store.find("o-1").orElseThrow().revision()).isEqualTo(2);
    assertThat(batched.announced)
        .extracting(change -> ((OrderViewChanged) change).orderId())
        .containsExactly("o-1", "o-2", "o-1", "o-2");
  }

  @Test
  void views_a_failed_batch_stored_are_announced_when_its_records_are_applied_again() {
    var batched = new Side("views");
    batched.projection.applyAll(List.of(at(placed("o-1"), 1)));
    batched.announced.clear();
    batched.store.afterWriteAll =
        () -> {
          throw new IllegalStateException("the connection dropped after the writes");
        };
    var records =
        List.of(at(new OrderConfirmed("o-1", 2, T0.plusSeconds(1)), 2), at(placed("o-2"), 3));

    assertThatThrownBy(() -> batched.projection.applyAll(records))
        .isInstanceOf(IllegalStateException.class);
    assertThat(batched.announced).as("stored, not yet announced").isEmpty();
    assertThat(batched.store.find("o-1").orElseThrow().view().status())
        .isEqualTo(OrderStatus.CONFIRMED);
    assertThat(batched.store.find("o-2")).isPresent();

    // What the batch listener does next: the poll again, record by record.
    var redone = records.stream().map(r -> batched.projection.apply(r.event(), r.position()));

    assertThat(redone).extracting(done -> done.outcome()).allMatch(o -> o instanceof Skipped<?>);
    assertThat(batched.announced)
        .extracting(change -> (OrderViewChanged) change)
        .extracting(OrderViewChanged::orderId, OrderViewChanged::status)
        .containsExactly(tuple("o-1", OrderStatus.CONFIRMED), tuple("o-2", OrderStatus.PENDING));
    assertThat(batched.counted("projection.events.applied")).as("counted once").isEqualTo(1);
  }

  @Test
  void written_behind_a_view_is_read_from_memory_and_stored_once_at_the_flush() {
    var behind = new Side("views", true);
    var derived = new ArrayList<OrderProjection.Stored>();
    var inserts = mongo.sent("insert");
    var updates = mongo.sent("update");

    behind.projection.applyAll(List.of(at(placed("o-1"), 1), at(placed("o-2"), 2)));
    behind.projection.applyAll(List.of(at(new OrderConfirmed("o-1", 2, T0.plusSeconds(1)), 3)));

    assertThat(behind.store.find("o-1")).as("nothing stored yet").isEmpty();
    assertThat(behind.projection.find("o-1").orElseThrow().status())
        .isEqualTo(OrderStatus.CONFIRMED);
    assertThat(behind.announced).hasSize(3);
    assertThat(behind.projection.allFlushed()).isFalse();

    behind.projection.flush(derived::add);

    assertThat(behind.projection.allFlushed()).isTrue();
    var o1 = behind.store.find("o-1").orElseThrow();
    assertThat(o1.view().status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(o1.revision()).as("one write for its two records").isOne();
    assertThat(o1.appliedBy()).containsEntry(1L, position(1)).containsEntry(2L, position(3));
    assertThat(mongo.sent("insert") - inserts).isOne();
    assertThat(mongo.sent("update") - updates).isZero();
    assertThat(derived).singleElement();
    assertThat(derived.getFirst().records())
        .extracting(record -> record.position().offset())
        .as("every record since the last flush, in the order applied")
        .containsExactly(1L, 2L, 3L);
    assertThat(derived.getFirst().results().get(2).transitions())
        .extracting(t -> t.version())
        .containsExactly(2L);
    assertThat(behind.counted("projection.events.applied")).isEqualTo(3);
  }

  @Test
  void written_behind_a_pending_orders_view_waits_for_its_decision_while_flushes_store_the_rest() {
    var behind = new Side("views", new WritesBehind(Duration.ZERO, Duration.ofHours(1)));
    var derived = new ArrayList<OrderProjection.Stored>();

    behind.projection.applyAll(List.of(at(placed("o-1"), 1), at(placed("o-2"), 2)));
    var afterPlacements = System.nanoTime();

    assertThat(behind.projection.flushDueAt().orElseThrow() - afterPlacements)
        .as("only pending orders: due when they have waited an hour")
        .isGreaterThan(Duration.ofMinutes(59).toNanos());

    behind.projection.applyAll(List.of(at(new OrderConfirmed("o-2", 2, T0.plusSeconds(1)), 3)));

    assertThat(behind.projection.flushDueAt().orElseThrow() - System.nanoTime())
        .as("a decided order's view is due at once")
        .isNotPositive();

    var through = behind.projection.flushDue(derived::add);

    assertThat(behind.store.find("o-2")).as("decided: stored").isPresent();
    assertThat(behind.store.find("o-1")).as("pending: held").isEmpty();
    assertThat(behind.projection.find("o-1")).as("answered from memory").isPresent();
    assertThat(derived.getFirst().records())
        .extracting(record -> record.position().offset())
        .as("only the stored views' records, in the order applied")
        .containsExactly(2L, 3L);
    assertThat(through - afterPlacements)
        .as("stored through: not past the held placement, applied before its batch ended")
        .isNegative();
    assertThat(behind.projection.allFlushed()).isFalse();

    behind.projection.applyAll(List.of(at(new OrderConfirmed("o-1", 2, T0.plusSeconds(2)), 4)));
    var decided = System.nanoTime();
    through = behind.projection.flushDue(derived::add);

    var o1 = behind.store.find("o-1").orElseThrow();
    assertThat(o1.view().status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(o1.revision()).as("placement and decision in one write").isOne();
    assertThat(derived.get(1).records())
        .extracting(record -> record.position().offset())
        .as("the held record first, as applied")
        .containsExactly(1L, 4L);
    assertThat(derived.get(1).results().get(1).transitions())
        .extracting(t -> t.version())
        .containsExactly(2L);
    assertThat(through - decided).as("nothing held: stored through the flush").isPositive();
    assertThat(behind.projection.allFlushed()).isTrue();
  }

  @Test
  void
      written_behind_a_pending_orders_view_is_stored_once_it_waited_long_enough_or_at_a_full_flush() {
    var behind = new Side("views", new WritesBehind(Duration.ZERO, Duration.ofMillis(1)));
    var derived = new ArrayList<OrderProjection.Stored>();
    behind.projection.applyAll(List.of(at(placed("o-1"), 1)));
    var applied = System.nanoTime();
    await().until(() -> System.nanoTime() - applied > Duration.ofMillis(1).toNanos());

    behind.projection.flushDue(derived::add);

    assertThat(behind.store.find("o-1")).as("waited its while: stored, pending").isPresent();

    var holding = new Side("held", new WritesBehind(Duration.ZERO, Duration.ofHours(1)));
    holding.projection.applyAll(List.of(at(placed("o-9"), 1)));

    holding.projection.flush(derived::add);

    assertThat(holding.store.find("o-9")).as("a full flush holds nothing").isPresent();
    assertThat(holding.projection.allFlushed()).isTrue();
  }

  @Test
  void written_behind_a_held_view_decided_since_goes_with_the_next_flush_in_its_rhythm() {
    var behind = new Side("views", new WritesBehind(Duration.ofHours(1), Duration.ofHours(2)));
    behind.projection.applyAll(List.of(at(placed("o-1"), 1)));
    var beforeFlush = System.nanoTime();
    behind.projection.flushDue(stored -> {});
    assertThat(behind.store.find("o-1")).as("held").isEmpty();

    behind.projection.applyAll(List.of(at(new OrderConfirmed("o-1", 2, T0.plusSeconds(1)), 2)));

    assertThat(behind.projection.flushDueAt().orElseThrow() - beforeFlush)
        .as("an interval after the last flush, not after its placement")
        .isGreaterThanOrEqualTo(Duration.ofHours(1).toNanos());

    var held =
        new Side("held", new WritesBehind(Duration.ofHours(1), Duration.ofHours(1).plusMillis(1)));
    held.projection.applyAll(List.of(at(placed("o-2"), 1)));
    var placedAt = System.nanoTime();
    await().until(() -> System.nanoTime() - placedAt > Duration.ofMillis(2).toNanos());
    var flushed = System.nanoTime();
    held.projection.flushDue(stored -> {});
    assertThat(held.store.find("o-2")).as("held").isEmpty();

    assertThat(held.projection.flushDueAt().orElseThrow() - flushed)
        .as("held across the last flush, its while ends before the next: due with the next")
        .isGreaterThanOrEqualTo(Duration.ofHours(1).toNanos());
  }

  @Test
  void written_behind_a_view_another_writer_stored_meanwhile_is_folded_again_at_the_flush() {
    var behind = new Side("views", true);
    var rival = new Side("views");
    behind.projection.applyAll(List.of(at(placed("o-1"), 1)));
    behind.projection.flush(stored -> {});
    behind.projection.applyAll(List.of(at(new OrderConfirmed("o-1", 2, T0.plusSeconds(1)), 2)));
    rival.projection.apply(
        new NotificationSent(
            "o-1", NotificationKind.ORDER_CONFIRMED, T0.plusSeconds(2), "c-1@example.com"),
        new RecordPosition("notifications.events", 0, 7));
    var derived = new ArrayList<OrderProjection.Stored>();

    behind.projection.flush(derived::add);

    var o1 = behind.store.find("o-1").orElseThrow();
    assertThat(o1.view().status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(o1.view().timeline())
        .extracting(entry -> entry.type())
        .containsExactly("OrderPlaced", "OrderConfirmed", "NotificationSent");
    assertThat(o1.revision()).as("placed, notified by the rival, confirmed").isEqualTo(3);
    assertThat(o1.appliedBy().get(2L)).isEqualTo(position(2));
    assertThat(derived.getFirst().results())
        .singleElement()
        .satisfies(done -> assertThat(done.transitions()).extracting(t -> t.version()).contains(2L))
        .satisfies(done -> assertThat(done.outcome().view().timeline()).hasSize(3));
    assertThat(behind.announced)
        .extracting(change -> ((OrderViewChanged) change).orderId())
        .as("placed; confirmed; confirmed again onto the rival's view")
        .containsExactly("o-1", "o-1", "o-1");
  }

  @Test
  void written_behind_a_flush_that_fails_keeps_everything_for_the_next() {
    var behind = new Side("views", true);
    behind.projection.applyAll(List.of(at(placed("o-1"), 1), at(placed("o-2"), 2)));
    behind.store.afterWriteAll =
        () -> {
          throw new IllegalStateException("the connection dropped after the writes");
        };
    var derived = new ArrayList<OrderProjection.Stored>();

    assertThatThrownBy(() -> behind.projection.flush(derived::add))
        .isInstanceOf(IllegalStateException.class);
    assertThat(derived).isEmpty();
    assertThat(behind.projection.allFlushed()).isFalse();
    assertThat(behind.projection.flushDueAt()).isPresent();

    behind.store.afterWriteAll = () -> {};
    behind.projection.applyAll(List.of(at(new OrderConfirmed("o-1", 2, T0.plusSeconds(1)), 3)));
    behind.projection.flush(derived::add);

    assertThat(behind.projection.allFlushed()).isTrue();
    assertThat(behind.store.find("o-1").orElseThrow().view().status())
        .isEqualTo(OrderStatus.CONFIRMED);
    assertThat(behind.store.find("o-2")).isPresent();
    assertThat(derived.getFirst().records())
        .extracting(record -> record.position().offset())
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void written_behind_what_derive_failed_on_is_given_again_at_the_next_flush() {
    var behind = new Side("views", true);
    behind.projection.applyAll(List.of(at(placed("o-1"), 1)));

    assertThatThrownBy(() ->
            behind.projection.flush(stored -> {
              throw new IllegalStateException("customer history away");
            }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(behind.store.find("o-1")).as("the view stored before").isPresent();

    var derived = new ArrayList<OrderProjection.Stored>();
    behind.projection.flush(derived::add);

    assertThat(derived.getFirst().records())
        .extracting(r -> r.position().offset())
        .containsExactly(1L);
    assertThat(behind.projection.allFlushed()).isTrue();
  }

  @Test
  void written_behind_a_flush_that_failed_sets_no_rhythm_it_is_due_again_as_before() {
    var behind = new Side("views", new WritesBehind(Duration.ofHours(1), Duration.ZERO));
    behind.projection.applyAll(
        List.of(at(placed("o-1"), 1), at(new OrderConfirmed("o-1", 2, T0.plusSeconds(1)), 2)));
    var beforeFailure = System.nanoTime();

    assertThatThrownBy(() ->
            behind.projection.flush(stored -> {
              throw new IllegalStateException("customer history away");
            }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(behind.projection.flushDueAt().orElseThrow() - beforeFailure)
        .as("an interval after its records were applied, not after the flush that failed")
        .isLessThan(Duration.ofHours(1).toNanos());
  }

  /**
   * Three orders' histories interleaved on one partition, with one order's confirmation swapped
   * before its placement (early), and a relay duplicate of a placement at a later offset.
   */
  private static List<PositionedEvent> interleaved() {
    var histories =
        List.of(
            placedConfirmedCancelled("o-1"),
            placedConfirmedCancelled("o-2"),
            placedConfirmedCancelled("o-3"));
    var events = new ArrayList<DomainEvent>();
    for (int step = 0; step < histories.getFirst().size(); step++) {
      for (var history : histories) {
        events.add(history.get(step));
      }
    }
    // o-3's confirmation before its placement: parked, then applied with it.
    events.add(0, events.remove(events.indexOf(histories.get(2).get(2))));
    events.add(histories.get(0).getFirst());
    var records = new ArrayList<PositionedEvent>();
    for (int i = 0; i < events.size(); i++) {
      records.add(at(events.get(i), i));
    }
    return records;
  }

  private static PositionedEvent at(DomainEvent event, long offset) {
    return new PositionedEvent(event, position(offset));
  }

  private static RecordPosition position(long offset) {
    return new RecordPosition("orders.events", 0, offset);
  }
}
