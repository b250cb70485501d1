package dev.orderflow.projection.order.domain;

import static dev.orderflow.projection.order.domain.OrderHistories.T0;
import static dev.orderflow.projection.order.domain.OrderHistories.placed;
import static dev.orderflow.projection.order.domain.OrderHistories.placedConfirmedCancelled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent.NotificationFailed;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Parked;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class OrderProjectorTest {

  static final String ORDER = "o-1";
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";

  @Test
  void order_placed_makes_a_pending_view_with_the_lines_and_total() {
    var placed = placed(ORDER);

    var view = project(placed);

    assertThat(view.placed()).isTrue();
    assertThat(view.customerId()).isEqualTo(placed.customerId());
    assertThat(view.status()).isEqualTo(OrderStatus.PENDING);
    assertThat(view.lines()).isEqualTo(placed.lines());
    assertThat(view.total()).isEqualTo(placed.total());
    assertThat(view.version()).isEqualTo(1);
    assertThat(view.placedAt()).isEqualTo(placed.occurredAt());
    assertThat(view.timeline())
        .containsExactly(new TimelineEntry(placed.eventId(), "OrderPlaced", placed.occurredAt()));
  }

  @Test
  void an_order_event_already_applied_is_skipped_as_a_duplicate() {
    var view = project(placed(ORDER), new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)));

    var again = OrderProjector.apply(view, placed(ORDER));

    assertThat(again).isEqualTo(new Skipped<>(view, SkipReason.DUPLICATE));
    assertThat(again.changesView()).isFalse();
  }

  @Test
  void an_event_after_a_gap_is_parked_and_applied_once_the_gap_is_filled() {
    var placedView = project(placed(ORDER));
    var cancelled =
        new OrderCancelled(ORDER, 3, T0.plusSeconds(5), CancellationReason.CUSTOMER_REQUEST);

    var early = OrderProjector.apply(placedView, cancelled);

    assertThat(early).isInstanceOf(Parked.class);
    assertThat(early.changesView()).isTrue();
    assertThat(early.view().status()).isEqualTo(OrderStatus.PENDING);
    assertThat(early.view().version()).isEqualTo(1);
    assertThat(early.view().parked()).containsExactly(cancelled);

    var filled =
        OrderProjector.apply(early.view(), new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)));

    assertThat(filled).isInstanceOf(Applied.class);
    assertThat(filled.view().status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(filled.view().version()).isEqualTo(3);
    assertThat(filled.view().updatedAt()).isEqualTo(cancelled.occurredAt());
    assertThat(filled.view().parked()).isEmpty();
    assertThat(filled.view().timeline())
        .extracting(TimelineEntry::type)
        .containsExactly("OrderPlaced", "OrderConfirmed", "OrderCancelled");
  }

  @Test
  void a_parked_event_that_arrives_again_is_a_duplicate() {
    var cancelled =
        new OrderCancelled(ORDER, 3, T0.plusSeconds(5), CancellationReason.CUSTOMER_REQUEST);
    var parked = OrderProjector.apply(project(placed(ORDER)), cancelled).view();

    assertThat(OrderProjector.apply(parked, cancelled))
        .isEqualTo(new Skipped<>(parked, SkipReason.DUPLICATE));
  }

  @Test
  void order_events_before_order_placed_wait_for_it() {
    var confirmed = new OrderConfirmed(ORDER, 2, T0.plusSeconds(1));

    var early = OrderProjector.apply(OrderView.empty(ORDER), confirmed);

    assertThat(early).isInstanceOf(Parked.class);
    assertThat(early.view().placed()).isFalse();
    assertThat(OrderProjector.apply(early.view(), placed(ORDER)).view())
        .isEqualTo(project(placed(ORDER), confirmed));
  }

  @Test
  void events_of_other_topics_before_order_placed_make_a_view_with_only_a_timeline() {
    var failed =
        new StockReservationFailed(
            ORDER,
            T0.plusSeconds(1),
            RejectionReason.INSUFFICIENT_STOCK,
            List.of(new Shortage("SKU-1", 2, 0)));

    var view = project(failed);

    assertThat(view.placed()).isFalse();
    assertThat(view.status()).isNull();
    assertThat(view.timeline()).extracting(TimelineEntry::type).containsExactly(failed.type());

    var placedAfterwards = OrderProjector.apply(view, placed(ORDER)).view();

    assertThat(placedAfterwards.status()).isEqualTo(OrderStatus.PENDING);
    assertThat(placedAfterwards.timeline())
        .extracting(TimelineEntry::type)
        .containsExactly("OrderPlaced", "StockReservationFailed");
  }

  @Test
  void timeline_events_are_kept_once_and_in_time_order_whatever_order_they_arrive_in() {
    var history = placedConfirmedCancelled(ORDER);
    var reversed = new ArrayList<>(history);
    Collections.reverse(reversed);
    reversed.addAll(history);

    var timeline = project(reversed.toArray(DomainEvent[]::new)).timeline();

    assertThat(timeline)
        .extracting(TimelineEntry::eventId)
        .containsExactlyElementsOf(history.stream().map(DomainEvent::eventId).toList());
    assertThat(timeline).isSortedAccordingTo(Comparator.comparing(TimelineEntry::at));
  }

  @Test
  void a_timeline_event_seen_before_is_a_duplicate() {
    var failed =
        new NotificationFailed(
            ORDER, NotificationKind.ORDER_REJECTED, T0, "c-1@example.com", "smtp-outage");
    var view = project(placed(ORDER), failed);

    assertThat(OrderProjector.apply(view, failed))
        .isEqualTo(new Skipped<>(view, SkipReason.DUPLICATE));
  }

  @Test
  void the_time_of_a_view_is_exact_to_the_millisecond_as_stored() {
    var view = project(placed(ORDER, "c-1", T0.plusNanos(1_234_567)));

    assertThat(view.placedAt()).isEqualTo(T0.plusMillis(1));
    assertThat(view.timeline().getFirst().at()).isEqualTo(T0.plusMillis(1));
  }

  @Test
  void any_delivery_order_with_any_duplicates_gives_the_fold_of_the_order_events() {
    var random = new Random(20260101);
    var histories =
        List.of(
            placedConfirmedCancelled(ORDER),
            List.<DomainEvent>of(
                placed(ORDER),
                new OrderRejected(ORDER, 2, T0.plusSeconds(1), RejectionReason.INSUFFICIENT_STOCK)),
            List.<DomainEvent>of(
                placed(ORDER),
                new OrderRejected(ORDER, 2, T0.plusSeconds(30), RejectionReason.TIMEOUT)),
            List.<DomainEvent>of(placed(ORDER)));
    for (var history : histories) {
      var inOrder = project(history.toArray(DomainEvent[]::new));
      assertThat(inOrder.parked()).isEmpty();
      assertThat(Fold.of(inOrder)).isEqualTo(Fold.of(history));
      for (int run = 0; run < 200; run++) {
        var delivered = new ArrayList<DomainEvent>(history);
        for (var event : history) {
          for (int copies = random.nextInt(3); copies > 0; copies--) {
            delivered.add(event);
          }
        }
        Collections.shuffle(delivered, random);

        assertThat(project(delivered.toArray(DomainEvent[]::new)))
            .as("delivered as %s", delivered.stream().map(DomainEvent::eventId).toList())
            .isEqualTo(inOrder);
      }
    }
  }

  @Test
  void a_rejected_order_shows_the_reason_of_its_rejection() {
    var shortage =
        project(
            placed(ORDER),
            new OrderRejected(ORDER, 2, T0.plusSeconds(1), RejectionReason.INSUFFICIENT_STOCK));
    var timedOut =
        project(
            placed(ORDER),
            new OrderRejected(ORDER, 2, T0.plusSeconds(30), RejectionReason.TIMEOUT));

    assertThat(shortage.status()).isEqualTo(OrderStatus.REJECTED);
    assertThat(shortage.reason()).isEqualTo(RejectionReason.INSUFFICIENT_STOCK);
    assertThat(timedOut.reason()).isEqualTo(RejectionReason.TIMEOUT);
  }

  @Test
  void an_order_that_is_not_rejected_has_no_reason() {
    var pending = project(placed(ORDER));
    var confirmed = project(placed(ORDER), new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)));
    var cancelled = project(placedConfirmedCancelled(ORDER).toArray(DomainEvent[]::new));
    var timelineOnly =
        project(
            new StockReservationFailed(
                ORDER,
                T0,
                RejectionReason.INSUFFICIENT_STOCK,
                List.of(new Shortage("SKU-1", 2, 0))));

    assertThat(List.of(pending, confirmed, cancelled, timelineOnly))
        .extracting(OrderView::reason)
        .containsOnlyNulls();
  }

  @Test
  void the_trace_id_is_the_one_the_record_of_order_placed_names() {
    var placed = OrderProjector.apply(OrderView.empty(ORDER), placed(ORDER), TRACE).view();
    var confirmed =
        OrderProjector.apply(placed, new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)), OTHER_TRACE)
            .view();
    var notified =
        OrderProjector.apply(
                confirmed,
                new NotificationFailed(
                    ORDER,
                    NotificationKind.ORDER_CONFIRMED,
                    T0.plusSeconds(2),
                    "c-1@example.com",
                    "smtp-outage"),
                OTHER_TRACE)
            .view();

    assertThat(placed.traceId()).isEqualTo(TRACE);
    assertThat(confirmed.traceId()).isEqualTo(TRACE);
    assertThat(notified.traceId()).isEqualTo(TRACE);
  }

  @Test
  void a_duplicate_order_placed_keeps_the_trace_id_of_the_first() {
    var view = OrderProjector.apply(OrderView.empty(ORDER), placed(ORDER), TRACE).view();

    var again = OrderProjector.apply(view, placed(ORDER), OTHER_TRACE);

    assertThat(again).isEqualTo(new Skipped<>(view, SkipReason.DUPLICATE));
    assertThat(again.view().traceId()).isEqualTo(TRACE);
  }

  @Test
  void events_before_order_placed_leave_the_trace_id_to_its_record() {
    var early =
        OrderProjector.apply(
                OrderView.empty(ORDER),
                new OrderRejected(ORDER, 2, T0.plusSeconds(30), RejectionReason.TIMEOUT),
                OTHER_TRACE)
            .view();
    assertThat(early.traceId()).isNull();

    var view = OrderProjector.apply(early, placed(ORDER), TRACE).view();

    assertThat(view.version()).isEqualTo(2);
    assertThat(view.traceId()).isEqualTo(TRACE);
    assertThat(view.reason()).isEqualTo(RejectionReason.TIMEOUT);
  }

  @Test
  void an_order_placed_record_without_a_trace_gives_no_trace_id() {
    assertThat(project(placed(ORDER)).traceId()).isNull();
    assertThat(OrderProjector.apply(OrderView.empty(ORDER), placed(ORDER), null).view().traceId())
        .isNull();
  }

  @Test
  void an_event_of_another_order_or_of_a_sku_is_refused() {
    var view = project(placed(ORDER));

    assertThatThrownBy(() -> OrderProjector.apply(view, placed("o-2")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> OrderProjector.apply(view, new StockLevelChanged(ORDER, 1, T0, 1, 0, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static OrderView project(DomainEvent... events) {
    var view = OrderView.empty(ORDER);
    for (var event : events) {
      ProjectionOutcome<OrderView> outcome = OrderProjector.apply(view, event);
      view = outcome.view();
    }
    return view;
  }

  /**
   * The reference: an order's state as the plain fold of its order events, in version order, the
   * way order-service's aggregate folds them.
   */
  record Fold(
      OrderStatus status,
      long version,
      List<OrderLine> lines,
      BigDecimal total,
      @Nullable RejectionReason reason) {

    static Fold of(OrderView view) {
      return new Fold(view.status(), view.version(), view.lines(), view.total(), view.reason());
    }

    static Fold of(List<DomainEvent> history) {
      Fold fold = null;
      var orderEvents =
          history.stream()
              .filter(OrderEvent.class::isInstance)
              .map(OrderEvent.class::cast)
              .sorted(Comparator.comparingLong(OrderEvent::version))
              .toList();
      for (var event : orderEvents) {
        fold =
            switch (event) {
              case OrderPlaced e ->
                  new Fold(OrderStatus.PENDING, e.version(), e.lines(), e.total(), null);
              case OrderConfirmed e ->
                  new Fold(OrderStatus.CONFIRMED, e.version(), fold.lines(), fold.total(), null);
              case OrderRejected e ->
                  new Fold(
                      OrderStatus.REJECTED, e.version(), fold.lines(), fold.total(), e.reason());
              case OrderCancelled e ->
                  new Fold(OrderStatus.CANCELLED, e.version(), fold.lines(), fold.total(), null);
            };
      }
      return fold;
    }
  }
}
