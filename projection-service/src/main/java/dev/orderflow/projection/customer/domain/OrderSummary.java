package dev.orderflow.projection.customer.domain;

import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One order in a customer's history, as of {@code version} of the order.
 *
 * @param placedAt when the order was placed: which hour's bucket holds it, and its place in the
 *     list
 */
public record OrderSummary(
    String orderId, OrderStatus status, BigDecimal total, Instant placedAt, long version) {

  /** Newest first; ties by order id, so a page boundary never moves with the arrival order. */
  public static final Comparator<OrderSummary> NEWEST_FIRST =
      Comparator.comparing(OrderSummary::placedAt).reversed().thenComparing(OrderSummary::orderId);

  /** Oldest first, ties by order id. */
  public static final Comparator<OrderSummary> OLDEST_FIRST =
      Comparator.comparing(OrderSummary::placedAt).thenComparing(OrderSummary::orderId);

  public OrderSummary {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(placedAt, "placedAt");
  }

  /** The summary of a placed order's view. */
  public static OrderSummary of(OrderView view) {
    var status = view.status();
    var total = view.total();
    var placedAt = view.placedAt();
    if (!view.placed() || status == null || total == null || placedAt == null) {
      throw new IllegalArgumentException("Order " + view.orderId() + " is not placed yet");
    }
    return new OrderSummary(view.orderId(), status, total, placedAt, view.version());
  }
}
