package dev.orderflow.order.adapter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerSagaMetricsTest {

  static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final MicrometerSagaMetrics metrics = new MicrometerSagaMetrics(meters);

  @Test
  void every_series_exists_at_zero_before_the_first_order() {
    assertThat(count("orders.placed")).isZero();
    assertThat(meters.get("orders.rejected").tag("reason", "timeout").counter().count()).isZero();
    assertThat(meters.get("orders.saga.duration").timers()).hasSize(3);
  }

  @Test
  void a_placement_is_counted_and_its_decision_timed_from_it() {
    var placed = placed("o-1");
    metrics.appended(List.of(), List.of(placed));
    metrics.appended(List.of(placed), List.of(new OrderConfirmed("o-1", 2, T0.plusMillis(250))));

    assertThat(count("orders.placed")).isEqualTo(1);
    assertThat(count("orders.confirmed")).isEqualTo(1);
    var duration = meters.get("orders.saga.duration").tag("outcome", "confirmed").timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
  }

  @Test
  void a_cancel_after_the_confirmation_is_counted_but_the_saga_was_timed_already() {
    var placed = placed("o-2");
    var confirmed = new OrderConfirmed("o-2", 2, T0.plusSeconds(1));
    metrics.appended(List.of(placed), List.of(confirmed));
    metrics.appended(
        List.of(placed, confirmed),
        List.of(
            new OrderCancelled("o-2", 3, T0.plusSeconds(9), CancellationReason.CUSTOMER_REQUEST)));

    assertThat(count("orders.cancelled")).isEqualTo(1);
    assertThat(meters.get("orders.saga.duration").tag("outcome", "cancelled").timer().count())
        .isZero();
    assertThat(meters.get("orders.saga.duration").tag("outcome", "confirmed").timer().count())
        .isEqualTo(1);
  }

  @Test
  void a_cancel_while_pending_decides_the_saga() {
    var placed = placed("o-3");
    metrics.appended(
        List.of(placed),
        List.of(
            new OrderCancelled("o-3", 2, T0.plusSeconds(2), CancellationReason.CUSTOMER_REQUEST)));

    assertThat(
            meters
                .get("orders.saga.duration")
                .tag("outcome", "cancelled")
                .timer()
                .totalTime(TimeUnit.SECONDS))
        .isEqualTo(2);
  }

  @Test
  void rejections_are_counted_by_reason_and_unknown_reasons_as_other() {
    var placed = placed("o-4");
    metrics.appended(
        List.of(placed),
        List.of(new OrderRejected("o-4", 2, T0.plusSeconds(30), RejectionReason.TIMEOUT)));
    metrics.appended(
        List.of(placed("o-5")),
        List.of(new OrderRejected("o-5", 2, T0, RejectionReason.fromWire("cosmic-rays"))));

    assertThat(meters.get("orders.rejected").tag("reason", "timeout").counter().count())
        .isEqualTo(1);
    assertThat(meters.get("orders.rejected").tag("reason", "other").counter().count()).isEqualTo(1);
    assertThat(meters.find("orders.rejected").tag("reason", "cosmic-rays").counter()).isNull();
  }

  private double count(String name) {
    return meters.get(name).counter().count();
  }

  private static OrderEvent placed(String orderId) {
    return new OrderPlaced(
        orderId, 1, T0, "c-1", List.of(new OrderLine("SKU-1", 1, BigDecimal.ONE)), BigDecimal.ONE);
  }
}
