package dev.orderflow.order.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Placement;
import dev.orderflow.order.domain.OrderCommand.TimeOutOrder;
import dev.orderflow.order.domain.OrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SagaDeadlineTest {

  static final Instant PLACED_AT = Instant.parse("2026-01-01T10:00:00Z");
  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final List<OrderLine> LINES = List.of(new OrderLine("SKU-1", 1, new BigDecimal("9.99")));

  final ManualClock clock = new ManualClock(PLACED_AT);
  final InMemoryOrderEventStore store = new InMemoryOrderEventStore();
  final InMemoryPendingOrders pending = store.pending();
  final OrderCommandHandler orders =
      new OrderCommandHandler(store, pending, new OrderIds(), SagaMetrics.NONE, clock);

  SagaDeadline sweepingAtMost(int batchSize) {
    return new SagaDeadline(
        pending,
        orders,
        new SagaDeadlineProperties(DEADLINE, Duration.ofSeconds(1), batchSize, Duration.ZERO, 1),
        clock);
  }

  final SagaDeadline deadline = sweepingAtMost(500);

  @Test
  void an_order_still_pending_after_the_deadline_is_rejected_with_reason_timeout() {
    var orderId = place();
    clock.advance(DEADLINE.plusMillis(1));

    assertThat(deadline.rejectOverdue()).containsExactly(orderId);

    assertThat(store.events(orderId).getLast())
        .isEqualTo(
            new OrderRejected(
                orderId,
                2,
                clock.instant(),
                TimeOutOrder.REASON,
                new Placement("c-1", LINES, new BigDecimal("9.99"))));
    assertThat(pending.remembers(orderId)).isFalse();
  }

  @Test
  void an_order_within_its_deadline_is_left_pending() {
    var orderId = place();
    clock.advance(DEADLINE.minusSeconds(1));

    assertThat(deadline.rejectOverdue()).isEmpty();

    assertThat(orders.get(orderId).status()).isEqualTo(OrderStatus.PENDING);
    assertThat(pending.remembers(orderId)).isTrue();
  }

  @Test
  void an_order_inventory_answered_in_time_is_not_rejected() {
    var orderId = place();
    orders.confirm(orderId);
    clock.advance(DEADLINE.plusSeconds(1));

    assertThat(deadline.rejectOverdue()).isEmpty();

    assertThat(store.events(orderId))
        .extracting(OrderEvent::type)
        .containsExactly("OrderPlaced", "OrderConfirmed");
  }

  @Test
  void a_reservation_arriving_after_the_timeout_leaves_the_order_rejected() {
    var orderId = place();
    clock.advance(DEADLINE.plusSeconds(1));
    deadline.rejectOverdue();

    var afterLateReservation = orders.confirm(orderId);

    assertThat(afterLateReservation.status()).isEqualTo(OrderStatus.REJECTED);
    assertThat(store.events(orderId))
        .extracting(OrderEvent::type)
        .containsExactly("OrderPlaced", "OrderRejected");
  }

  @Test
  void a_reminder_left_behind_by_a_decided_order_is_dropped_without_an_event() {
    var orderId = place();
    // Decided while its reminder stayed: a crash between the append and the removal.
    store.append(store.load(orderId), List.of(new OrderConfirmed(orderId, 2, clock.instant())));
    clock.advance(DEADLINE.plusSeconds(1));

    assertThat(deadline.rejectOverdue()).isEmpty();

    assertThat(store.events(orderId)).hasSize(2);
    assertThat(pending.remembers(orderId)).isFalse();
  }

  @Test
  void a_reminder_whose_order_was_never_stored_is_dropped() {
    pending.placed("never-stored", PLACED_AT);
    clock.advance(DEADLINE.plusSeconds(1));

    assertThat(deadline.rejectOverdue()).isEmpty();

    assertThat(pending.remembers("never-stored")).isFalse();
  }

  @Test
  void a_sweep_rejects_at_most_its_batch_the_oldest_first_and_the_next_sweep_the_rest() {
    var first = place();
    clock.advance(Duration.ofSeconds(1));
    var second = place();
    clock.advance(Duration.ofSeconds(1));
    var third = place();
    clock.advance(DEADLINE.plusSeconds(1));
    var smallBatches = sweepingAtMost(2);

    assertThat(smallBatches.rejectOverdue()).containsExactly(first, second);
    assertThat(smallBatches.rejectOverdue()).containsExactly(third);
  }

  private String place() {
    return orders.place("c-1", LINES, Optional.empty()).orderId();
  }
}
