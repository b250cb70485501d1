package dev.orderflow.order.adapter.metrics;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.order.application.SagaMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The saga in numbers, counted when order-service stores an event, so each is counted once however
 * often Kafka delivers the record that caused it:
 *
 * <ul>
 *   <li>{@code orders_placed_total}, {@code orders_confirmed_total}, {@code
 *       orders_rejected_total{reason}} and {@code orders_cancelled_total};
 *   <li>{@code orders_saga_duration_seconds{outcome}}, a histogram of the time from an order's
 *       placement to its decision ({@code confirmed}, {@code rejected}, or {@code cancelled} while
 *       still pending), in event time.
 * </ul>
 *
 * Every series exists at 0 from the start, so a dashboard shows 0, not "No data", before the first
 * order. Rejection reasons are a closed set on the wire; one this build does not know is counted as
 * {@code other}, so a tag never takes more than a handful of values.
 */
@Component
class MicrometerSagaMetrics implements SagaMetrics {

  private final MeterRegistry meters;
  private final Counter placed;
  private final Counter confirmed;
  private final Counter cancelled;

  MicrometerSagaMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.placed = counter("orders.placed", "Orders placed").register(meters);
    this.confirmed = counter("orders.confirmed", "Orders confirmed").register(meters);
    this.cancelled = counter("orders.cancelled", "Orders cancelled").register(meters);
    for (var reason : RejectionReason.values()) {
      rejected(reason);
    }
    for (var outcome : List.of("confirmed", "rejected", "cancelled")) {
      sagaDuration(outcome);
    }
  }

  @Override
  public void appended(List<OrderEvent> history, List<OrderEvent> appended) {
    var stillPending = history.stream().allMatch(event -> outcome(event).isEmpty());
    for (var event : appended) {
      switch (event) {
        case OrderPlaced ignored -> placed.increment();
        case OrderConfirmed ignored -> confirmed.increment();
        case OrderRejected rejected -> rejected(rejected.reason()).increment();
        case OrderCancelled ignored -> cancelled.increment();
      }
      var outcome = outcome(event);
      if (stillPending && outcome.isPresent()) {
        placedAt(history)
            .ifPresent(placedAt ->
                sagaDuration(outcome.get())
                    .record(Duration.between(placedAt.occurredAt(), event.occurredAt())));
        stillPending = false;
      }
    }
  }

  /** The outcome tag of an event that ends an order's pending state; none for its placement. */
  private static Optional<String> outcome(OrderEvent event) {
    return switch (event) {
      case OrderPlaced ignored -> Optional.empty();
      case OrderConfirmed ignored -> Optional.of("confirmed");
      case OrderRejected ignored -> Optional.of("rejected");
      case OrderCancelled ignored -> Optional.of("cancelled");
    };
  }

  private static Optional<OrderPlaced> placedAt(List<OrderEvent> history) {
    return history.stream()
        .filter(OrderPlaced.class::isInstance)
        .map(OrderPlaced.class::cast)
        .findFirst();
  }

  private Counter rejected(RejectionReason reason) {
    return counter("orders.rejected", "Orders rejected, by reason")
        .tag("reason", tag(reason))
        .register(meters);
  }

  /** A reason this build does not know is counted as {@code other}. */
  private static String tag(RejectionReason reason) {
    return switch (reason) {
      case INSUFFICIENT_STOCK, TIMEOUT -> reason.wire();
      case UNKNOWN -> "other";
    };
  }

  private Timer sagaDuration(String outcome) {
    return Timer.builder("orders.saga.duration")
        .description("From an order's placement to its decision, in event time")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(2))
        .register(meters);
  }

  private static Counter.Builder counter(String name, String description) {
    return Counter.builder(name).description(description);
  }
}
