package dev.orderflow.projection.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.OrderLine;
import dev.orderflow.projection.ProjectionOutcome.Skipped;
import dev.orderflow.projection.RecordPosition;
import dev.orderflow.projection.SkipReason;
import dev.orderflow.projection.order.OrderStatus;
import dev.orderflow.projection.order.OrderTransition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SagaStatisticsTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void a_placed_order_is_pending_until_its_first_decision_which_is_timed() {
    var statistics =
        SagaStatistics.empty()
            .apply(List.of(transition(1, null, OrderStatus.PENDING, 0)), at(1))
            .view()
            .apply(List.of(transition(2, OrderStatus.PENDING, OrderStatus.CONFIRMED, 800)), at(2))
            .view();

    assertThat(statistics.placed()).isEqualTo(1);
    assertThat(statistics.pending()).isZero();
    assertThat(statistics.confirmed()).isEqualTo(1);
    assertThat(statistics.placedToDecided().sumMillis()).isEqualTo(800);
  }

  @Test
  void a_cancellation_after_confirmation_is_not_a_second_decision() {
    var statistics =
        SagaStatistics.empty()
            .apply(
                List.of(
                    transition(1, null, OrderStatus.PENDING, 0),
                    transition(2, OrderStatus.PENDING, OrderStatus.CONFIRMED, 300),
                    transition(3, OrderStatus.CONFIRMED, OrderStatus.CANCELLED, 9_000)),
                at(5))
            .view();

    assertThat(statistics.confirmed()).isEqualTo(1);
    assertThat(statistics.cancelled()).isZero();
    assertThat(statistics.cancelledAfterConfirmation()).isEqualTo(1);
    assertThat(statistics.placedToDecided().count()).isEqualTo(1);
  }

  @Test
  void a_record_at_or_below_the_last_counted_offset_is_a_duplicate() {
    var placed = List.of(transition(1, null, OrderStatus.PENDING, 0));
    var counted = SagaStatistics.empty().apply(placed, at(7)).view();

    assertThat(counted.apply(placed, at(7)))
        .isEqualTo(new Skipped<>(counted, SkipReason.DUPLICATE));
    assertThat(counted.apply(placed, at(3)))
        .isEqualTo(new Skipped<>(counted, SkipReason.DUPLICATE));
    assertThat(counted.apply(placed, at(8)).view().placed()).isEqualTo(2);
  }

  private static RecordPosition at(long offset) {
    return new RecordPosition("orders.events", 0, offset);
  }

  private static OrderTransition transition(
      long version, OrderStatus from, OrderStatus to, long millisAfterPlaced) {
    return new OrderTransition(
        "o-1",
        "c-1",
        version,
        from,
        to,
        T0.plusMillis(millisAfterPlaced),
        T0,
        List.of(new OrderLine("SKU-1", 1, BigDecimal.ONE)),
        BigDecimal.ONE);
  }
}
