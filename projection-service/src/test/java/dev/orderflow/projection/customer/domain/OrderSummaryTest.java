package dev.orderflow.projection.customer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import dev.orderflow.projection.order.domain.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderSummaryTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  final OrderSummary placed = summary(OrderStatus.PENDING, 1);
  final OrderSummary confirmed = summary(OrderStatus.CONFIRMED, 2);

  @Test
  void the_first_summary_of_an_order_is_its_entry() {
    assertThat(placed.over(null)).isEqualTo(new Applied<>(placed));
  }

  @Test
  void a_newer_version_replaces_the_entry() {
    assertThat(confirmed.over(placed)).isEqualTo(new Applied<>(confirmed));
  }

  @Test
  void the_same_version_again_is_a_duplicate_and_an_older_one_stale() {
    assertThat(confirmed.over(confirmed)).isEqualTo(new Skipped<>(confirmed, SkipReason.DUPLICATE));
    assertThat(placed.over(confirmed)).isEqualTo(new Skipped<>(confirmed, SkipReason.STALE));
  }

  @Test
  void a_summary_never_replaces_another_orders_entry() {
    var other = new OrderSummary("o-2", "c-1", OrderStatus.PENDING, BigDecimal.ONE, T0, 1);

    assertThatThrownBy(() -> confirmed.over(other)).isInstanceOf(IllegalArgumentException.class);
  }

  private static OrderSummary summary(OrderStatus status, long version) {
    return new OrderSummary("o-1", "c-1", status, BigDecimal.TEN, T0, version);
  }
}
