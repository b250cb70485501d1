package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.inventory.domain.ReservationOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What wraps the handling of an order event, each decorator on its own around a stand-in for the
 * reservations: the outcome counter ({@link SlowConsumerTest} has the {@code slow-consumer} fault,
 * around the listener's polls).
 */
class OrderEventHandlingTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final OrderPlaced PLACED =
      new OrderPlaced(
          "o-1", 1, T0, "c-1", List.of(new OrderLine("A", 1, BigDecimal.ONE)), BigDecimal.ONE);

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<OrderEvent> handled = new ArrayList<>();

  OrderEventHandler reservations(ReservationOutcome outcome) {
    return event -> {
      handled.add(event);
      return event instanceof OrderConfirmed ? Optional.empty() : Optional.of(outcome);
    };
  }

  @Test
  void each_outcome_is_counted_by_event_and_outcome() {
    var counted = new CountedOutcomes(reservations(ReservationOutcome.RESERVED), meters);

    counted.handle(PLACED);
    counted.handle(PLACED);

    assertThat(
            meters
                .get("inventory.reservation.outcomes")
                .tags("event", "OrderPlaced", "outcome", "reserved")
                .counter()
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void an_event_that_asks_nothing_of_inventory_is_not_counted() {
    var counted = new CountedOutcomes(reservations(ReservationOutcome.RESERVED), meters);

    assertThat(counted.handle(new OrderConfirmed("o-1", 2, T0))).isEmpty();

    assertThat(
            meters.find("inventory.reservation.outcomes").tag("event", "OrderConfirmed").counters())
        .isEmpty();
    assertThat(meters.find("inventory.reservation.outcomes").counters())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  @Test
  void every_outcome_of_every_event_is_there_at_0_before_the_first_event() {
    new CountedOutcomes(reservations(ReservationOutcome.RESERVED), meters);

    assertThat(meters.find("inventory.reservation.outcomes").counters())
        .hasSize(12)
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
    assertThat(
            meters
                .get("inventory.reservation.outcomes")
                .tags("event", "OrderCancelled", "outcome", "released")
                .counter()
                .count())
        .isZero();
  }

  /** A stand-in that takes every placed order of a batch and answers {@code outcome} for it. */
  OrderEventHandler batches(ReservationOutcome outcome) {
    return new OrderEventHandler() {
      @Override
      public Optional<ReservationOutcome> handle(OrderEvent event) {
        handled.add(event);
        return Optional.of(outcome);
      }

      @Override
      public Map<String, ReservationOutcome> reserveAll(List<Placed> placed) {
        placed.forEach(order -> handled.add(order.event()));
        return Map.of(placed.getFirst().event().orderId(), outcome);
      }

      @Override
      public Map<String, ReservationOutcome> releaseAll(List<Releasing> releasing) {
        releasing.forEach(order -> handled.add(order.event()));
        return Map.of(releasing.getFirst().event().orderId(), outcome);
      }
    };
  }

  @Test
  void a_batch_of_releases_is_passed_on_and_counts_nothing_itself() {
    var counted = new CountedOutcomes(batches(ReservationOutcome.RELEASED), meters);
    var cancelled = new OrderCancelled("o-1", 2, T0, CancellationReason.CUSTOMER_REQUEST);

    var outcomes = counted.releaseAll(List.of(new OrderEventHandler.Releasing(cancelled, null)));

    assertThat(outcomes).isEqualTo(Map.of("o-1", ReservationOutcome.RELEASED));
    assertThat(handled).containsExactly(cancelled);
    assertThat(meters.find("inventory.reservation.outcomes").counters())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  @Test
  void a_batch_counts_nothing_itself_each_order_is_counted_when_the_listener_says_so() {
    var counted = new CountedOutcomes(batches(ReservationOutcome.FAILED), meters);
    var other = new OrderPlaced("o-2", 1, T0, "c-1", PLACED.lines(), PLACED.total());

    var outcomes =
        counted.reserveAll(
            List.of(
                new OrderEventHandler.Placed(PLACED, null),
                new OrderEventHandler.Placed(other, null)));
    assertThat(meters.find("inventory.reservation.outcomes").counters())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
    outcomes.forEach((orderId, outcome) -> counted.count(PLACED, outcome));

    assertThat(outcomes).isEqualTo(Map.of("o-1", ReservationOutcome.FAILED));
    assertThat(
            meters
                .get("inventory.reservation.outcomes")
                .tags("event", "OrderPlaced", "outcome", "failed")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void a_handler_takes_nothing_in_a_batch_unless_it_says_so() {
    var plain = reservations(ReservationOutcome.RESERVED);
    assertThat(plain.reserveAll(List.of())).isEmpty();
    assertThat(plain.releaseAll(List.of())).isEmpty();
    plain.count(PLACED, ReservationOutcome.RESERVED);
    assertThat(meters.find("inventory.reservation.outcomes").counters()).isEmpty();
  }
}
