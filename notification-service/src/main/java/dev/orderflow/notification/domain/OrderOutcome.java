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
 * @param details what the email says about the order, from the placement its terminal event
 *     repeats; null for an event written before terminal events carried it (the email is then
 *     written from the copy of the placement an earlier version kept)
 */
public record OrderOutcome(
    String orderId,
    NotificationKind kind,
    @Nullable String reason,
    Instant occurredAt,
    @Nullable OrderDetails details) {

  public OrderOutcome {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (details != null && !details.orderId().equals(orderId)) {
      throw new IllegalArgumentException(
          "details of order " + details.orderId() + " for an outcome of " + orderId);
    }
  }

  /** An outcome whose event carried no details. */
  public OrderOutcome(
      String orderId, NotificationKind kind, @Nullable String reason, Instant occurredAt) {
    this(orderId, kind, reason, occurredAt, null);
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
                  confirmed.occurredAt(),
                  OrderDetails.of(confirmed.orderId(), confirmed.placement())));
      case OrderRejected rejected ->
          Optional.of(
              new OrderOutcome(
                  rejected.orderId(),
                  NotificationKind.ORDER_REJECTED,
                  rejected.reason().wire(),
                  rejected.occurredAt(),
                  OrderDetails.of(rejected.orderId(), rejected.placement())));
      case OrderCancelled cancelled ->
          Optional.of(
              new OrderOutcome(
                  cancelled.orderId(),
                  NotificationKind.ORDER_CANCELLED,
                  cancelled.reason().wire(),
                  cancelled.occurredAt(),
                  OrderDetails.of(cancelled.orderId(), cancelled.placement())));
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
