package dev.orderflow.notification.domain;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A terminal state an order reached, which the customer is told about by email.
 *
 * @param reason why the order was rejected or cancelled, as on the wire; null when it was confirmed
 * @param occurredAt when the order reached this state
 */
public record OrderOutcome(
    String orderId, NotificationKind kind, @Nullable String reason, Instant occurredAt) {

  public OrderOutcome {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /**
   * The outcome an order event announces, if it announces one. Exhaustive on purpose: a new order
   * event does not compile until someone decides whether the customer hears about it.
   */
  public static Optional<OrderOutcome> of(OrderEvent event) {
    return switch (event) {
      case OrderPlaced placed -> Optional.empty();
      case OrderConfirmed confirmed ->
          Optional.of(
              new OrderOutcome(
                  confirmed.orderId(),
                  NotificationKind.ORDER_CONFIRMED,
                  null,
                  confirmed.occurredAt()));
      case OrderRejected rejected ->
          Optional.of(
              new OrderOutcome(
                  rejected.orderId(),
                  NotificationKind.ORDER_REJECTED,
                  rejected.reason().wire(),
                  rejected.occurredAt()));
      case OrderCancelled cancelled ->
          Optional.of(
              new OrderOutcome(
                  cancelled.orderId(),
                  NotificationKind.ORDER_CANCELLED,
                  cancelled.reason().wire(),
                  cancelled.occurredAt()));
    };
  }

  /** The status the order is left in, as order-service names it. */
  public String status() {
    return switch (kind) {
      case ORDER_CONFIRMED -> "CONFIRMED";
      case ORDER_REJECTED -> "REJECTED";
      case ORDER_CANCELLED -> "CANCELLED";
    };
  }

  /** The notification document of this outcome: one per order and kind. */
  public String notificationId() {
    return notificationId(orderId, kind);
  }

  public static String notificationId(String orderId, NotificationKind kind) {
    return orderId + ":" + kind;
  }
}
