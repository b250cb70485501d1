package dev.orderflow.projection.sales.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.OrderLine;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.domain.SkipReason;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderTransition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SalesBucketTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:15:00Z");
  static final Instant HOUR = Instant.parse("2026-01-01T10:00:00Z");
  static final List<OrderLine> LINES =
      List.of(
          new OrderLine("SKU-1", 2, new BigDecimal("9.99")),
          new OrderLine("SKU-1", 1, new BigDecimal("9.99")),
          new OrderLine("SKU-2", 5, new BigDecimal("1.00")));

  @Test
  void a_confirmation_sells_each_line_in_the_hour_it_happened_and_counts_the_order_once_per_sku() {
    var deltas = Sales.of(List.of(transition(OrderStatus.PENDING, OrderStatus.CONFIRMED)));

    assertThat(deltas)
        .containsExactly(
            new Sales("SKU-1", HOUR, 1, 3, new BigDecimal("29.97"), 0, 0, BigDecimal.ZERO),
            new Sales("SKU-2", HOUR, 1, 5, new BigDecimal("5.00"), 0, 0, BigDecimal.ZERO));
  }

  @Test
  void only_a_confirmed_order_cancelled_later_takes_back_and_a_rejection_sells_nothing() {
    assertThat(Sales.of(List.of(transition(OrderStatus.PENDING, OrderStatus.REJECTED)))).isEmpty();
    assertThat(Sales.of(List.of(transition(OrderStatus.PENDING, OrderStatus.CANCELLED)))).isEmpty();
    assertThat(Sales.of(List.of(transition(OrderStatus.CONFIRMED, OrderStatus.CANCELLED))))
        .extracting(Sales::cancelledUnits)
        .containsExactly(3L, 5L);
  }

  @Test
  void a_record_counted_in_a_bucket_is_never_counted_again_but_another_partitions_is() {
    var sold = Sales.of(List.of(transition(OrderStatus.PENDING, OrderStatus.CONFIRMED)));
    var sku1 = sold.getFirst();
    var bucket = SalesBucket.empty("SKU-1", HOUR).add(sku1, at(0, 41)).view();

    assertThat(bucket.add(sku1, at(0, 41))).isEqualTo(new Skipped<>(bucket, SkipReason.DUPLICATE));
    assertThat(bucket.add(sku1, at(0, 40))).isEqualTo(new Skipped<>(bucket, SkipReason.DUPLICATE));
    assertThat(bucket.add(sku1, at(1, 3)).view().sales().units()).isEqualTo(6);
    assertThat(bucket.add(sku1, at(0, 42)).view().sales().netRevenue())
        .isEqualByComparingTo("59.94");
  }

  private static RecordPosition at(int partition, long offset) {
    return new RecordPosition("orders.events", partition, offset);
  }

  private static OrderTransition transition(OrderStatus from, OrderStatus to) {
    return new OrderTransition(
        "o-1", "c-1", 2, from, to, T0, T0.minusSeconds(60), LINES, new BigDecimal("34.97"));
  }
}
