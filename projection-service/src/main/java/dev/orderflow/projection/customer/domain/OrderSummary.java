package dev.orderflow.projection.customer.domain;

import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One order in a customer's history, as of {@code version} of the order.
 *
 * @param placedAt when the order was placed: its place in the list
 */
public record OrderSummary(
    String orderId,
    String customerId,
    OrderStatus status,
    BigDecimal total,
    Instant placedAt,
    long version) {

  /** Newest first; ties by order id, so a page boundary never moves with the arrival order. */
  public static final Comparator<OrderSummary> NEWEST_FIRST =
      Comparator.comparing(OrderSummary::placedAt).reversed().thenComparing(OrderSummary::orderId);

  /** Oldest first, ties by order id. */
  public static final Comparator<OrderSummary> OLDEST_FIRST =
      Comparator.comparing(OrderSummary::placedAt).thenComparing(OrderSummary::orderId);

  public OrderSummary {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(placedAt, "placedAt");
  }

  /** The summary of a placed order's view. */
  public static OrderSummary of(OrderView view) {
    var customerId = view.customerId();
    var status = view.status();
    var total = view.total();
    var placedAt = view.placedAt();
    if (customerId == null || status == null || total == null || placedAt == null) {
      throw new IllegalArgumentException("Order " + view.orderId() + " is not placed yet");
    }
    return new OrderSummary(view.orderId(), customerId, status, total, placedAt, view.version());
  }

  /**
   * This summary in place of {@code stored}, the one the history holds for the order (null if none
   * yet), unless that one is of this version (a duplicate) or a newer one (this one is stale).
   */
  public ProjectionOutcome<OrderSummary> over(@Nullable OrderSummary stored) {
    if (stored != null && !stored.orderId.equals(orderId)) {
      throw new IllegalArgumentException("Order " + orderId + " over order " + stored.orderId);
    }
    if (stored != null && stored.version >= version) {
      var reason = stored.version == version ? SkipReason.DUPLICATE : SkipReason.STALE;
      return new Skipped<>(stored, reason);
    }
    return new Applied<>(this);
  }
}
