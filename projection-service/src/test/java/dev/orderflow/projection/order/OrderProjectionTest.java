package dev.orderflow.projection.order;

import static dev.orderflow.projection.order.domain.OrderHistories.T0;
import static dev.orderflow.projection.order.domain.OrderHistories.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.ContentionException;
import dev.orderflow.platform.kafka.RetryPolicy;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Parked;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderTransition;
import dev.orderflow.projection.order.domain.TimelineEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderProjectionTest {

  static final String ORDER = "o-1";

  final InMemoryOrderViewStore store = new InMemoryOrderViewStore();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<Object> announced = new ArrayList<>();
  final OrderProjection projection =
      new OrderProjection(
          store, new OutcomeMetrics(OrderProjection.NAME, Intake.LIVE, meters), announced::add);
  long offset;

  @Test
  void an_applied_event_is_stored_announced_and_counted() {
    apply(placed(ORDER));

    assertThat(projection.find(ORDER))
        .hasValueSatisfying(view -> assertThat(view.version()).isOne());
    assertThat(announced)
        .containsExactly(
            new OrderViewChanged(ORDER, "c-1", OrderStatus.PENDING, 1, null, null, "OrderPlaced"));
    assertThat(counter("projection.events.applied")).isOne();
  }

  @Test
  void a_duplicate_is_counted_and_announced_again_but_not_stored() {
    apply(placed(ORDER));
    var writes = store.writes;

    apply(placed(ORDER));

    assertThat(store.writes).isEqualTo(writes);
    // Its first handling may have stored the view and failed before announcing it.
    assertThat(announced).hasSize(2).element(1).isEqualTo(announced.getFirst());
    assertThat(skipped("duplicate")).isOne();
  }

  @Test
  void a_write_that_lost_a_race_is_applied_again_on_top_of_the_winner() {
    apply(placed(ORDER));
    var reserved = new StockReserved(ORDER, T0.plusMillis(400), List.of(new StockLine("SKU-1", 2)));
    store.beforeReplace =
        () -> {
          store.beforeReplace = () -> {};
          apply(reserved);
        };

    var outcome = apply(new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)));

    assertThat(outcome.outcome()).isInstanceOf(Applied.class);
    var view = projection.find(ORDER).orElseThrow();
    assertThat(view.status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(view.timeline())
        .extracting(TimelineEntry::type)
        .containsExactly("OrderPlaced", "StockReserved", "OrderConfirmed");
  }

  @Test
  void a_view_that_changes_under_every_attempt_is_given_up_so_the_record_is_retried_later() {
    apply(placed(ORDER));
    var otherWrites = new int[] {0};
    store.beforeReplace =
        () -> {
          var current = store.find(ORDER).orElseThrow();
          store.replaceNow(current, current.view(), current.appliedBy());
          otherWrites[0]++;
        };

    assertThatThrownBy(() -> apply(new OrderConfirmed(ORDER, 2, T0.plusSeconds(1))))
        .isInstanceOf(ContentionException.class)
        .satisfies(e -> assertThat(RetryPolicy.classify(e)).isEqualTo(RetryPolicy.Kind.CONTENTION));
    assertThat(otherWrites[0]).isEqualTo(CompareAndSet.ATTEMPTS);
    assertThat(projection.find(ORDER).orElseThrow().status()).isEqualTo(OrderStatus.PENDING);
  }

  @Test
  void the_next_event_of_a_view_it_wrote_is_applied_without_reading_the_view_back() {
    apply(placed(ORDER));
    var reads = store.reads;

    apply(new StockReserved(ORDER, T0.plusMillis(400), List.of(new StockLine("SKU-1", 2))));
    apply(new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)));

    assertThat(store.reads).isEqualTo(reads);
    assertThat(store.find(ORDER).orElseThrow().view().status()).isEqualTo(OrderStatus.CONFIRMED);
  }

  @Test
  void a_view_another_instance_changed_since_it_wrote_it_is_read_again_and_nothing_is_lost() {
    apply(placed(ORDER));
    var otherInstance =
        new OrderProjection(
            store, new OutcomeMetrics(OrderProjection.NAME, Intake.LIVE, meters), change -> {});
    otherInstance.apply(
        new StockReserved(ORDER, T0.plusMillis(400), List.of(new StockLine("SKU-1", 2))),
        new RecordPosition("inventory.events", 0, 0));

    apply(new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)));

    assertThat(store.find(ORDER).orElseThrow().view().timeline())
        .extracting(TimelineEntry::type)
        .containsExactly("OrderPlaced", "StockReserved", "OrderConfirmed");
  }

  @Test
  void a_duplicate_is_judged_on_the_stored_view() {
    apply(placed(ORDER));
    var reads = store.reads;

    var outcome = apply(placed(ORDER));

    assertThat(outcome.outcome()).isInstanceOf(Skipped.class);
    assertThat(store.reads).isEqualTo(reads + 1);
  }

  @Test
  void an_order_known_only_from_its_timeline_is_not_found_yet() {

    apply(new StockReserved(ORDER, T0, List.of(new StockLine("SKU-1", 2))));

    assertThat(store.find(ORDER)).isPresent();
    assertThat(projection.find(ORDER)).isEmpty();
  }

  @Test
  void the_record_that_applies_a_version_is_told_its_transition_and_a_redelivery_of_it_again() {
    var placedAt = new RecordPosition("orders.events", 1, 10);
    var confirmedAt = new RecordPosition("orders.events", 1, 11);

    var placed = projection.apply(placed(ORDER), placedAt);
    var confirmed = projection.apply(new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)), confirmedAt);
    // Redelivered after a crash between the view's write and the counters': the view skips it,
    // but the counters still learn what it applied, and deduplicate by its position themselves.
    var redelivered =
        projection.apply(new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)), confirmedAt);

    assertThat(placed.transitions())
        .singleElement()
        .satisfies(t -> {
          assertThat(t.from()).isNull();
          assertThat(t.to()).isEqualTo(OrderStatus.PENDING);
        });
    assertThat(confirmed.transitions())
        .singleElement()
        .satisfies(t -> {
          assertThat(t.from()).isEqualTo(OrderStatus.PENDING);
          assertThat(t.to()).isEqualTo(OrderStatus.CONFIRMED);
          assertThat(t.at()).isEqualTo(T0.plusSeconds(1));
          assertThat(t.placedAt()).isEqualTo(T0);
        });
    assertThat(redelivered.outcome()).isInstanceOf(Skipped.class);
    assertThat(redelivered.transitions()).isEqualTo(confirmed.transitions());
  }

  @Test
  void the_same_event_published_again_at_another_position_is_told_nothing_to_count() {
    projection.apply(placed(ORDER), new RecordPosition("orders.events", 0, 5));

    var republished = projection.apply(placed(ORDER), new RecordPosition("orders.events", 0, 9));

    assertThat(republished.outcome()).isInstanceOf(Skipped.class);
    assertThat(republished.transitions()).isEmpty();
  }

  @Test
  void a_record_that_fills_a_gap_applies_the_parked_versions_and_is_told_all_of_them() {
    var cancelled =
        new OrderCancelled(ORDER, 3, T0.plusSeconds(5), CancellationReason.CUSTOMER_REQUEST);
    var early = projection.apply(cancelled, new RecordPosition("orders.events", 0, 1));
    var alsoEarly =
        projection.apply(
            new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)),
            new RecordPosition("orders.events", 0, 2));

    var placed = projection.apply(placed(ORDER), new RecordPosition("orders.events", 0, 3));

    assertThat(early.outcome()).isInstanceOf(Parked.class);
    assertThat(alsoEarly.outcome()).isInstanceOf(Parked.class);
    assertThat(early.transitions()).isEmpty();
    assertThat(placed.transitions())
        .extracting(OrderTransition::version, OrderTransition::to)
        .containsExactly(
            tuple(1L, OrderStatus.PENDING),
            tuple(2L, OrderStatus.CONFIRMED),
            tuple(3L, OrderStatus.CANCELLED));
    // Redelivering a parked event's record counts nothing: it was not the one that applied it.
    assertThat(projection.apply(cancelled, new RecordPosition("orders.events", 0, 1)).transitions())
        .isEmpty();
  }

  /** Applies {@code event} as the next record of a partition. */
  private OrderProjection.OrderApplied apply(DomainEvent event) {
    return projection.apply(event, new RecordPosition("orders.events", 0, offset++));
  }

  private double counter(String name) {
    return meters.get(name).tag("projection", "order").counter().count();
  }

  private double skipped(String reason) {
    return meters
        .get("projection.events.skipped")
        .tag("projection", "order")
        .tag("intake", "live")
        .tag("reason", reason)
        .counter()
        .count();
  }
}
