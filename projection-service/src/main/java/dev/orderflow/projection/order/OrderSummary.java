package dev.orderflow.projection.order;

import java.math.BigDecimal;
import java.time.Instant;

/** One order in {@code GET /api/customers/{id}/orders}. */
record OrderSummary(String orderId, OrderStatus status, BigDecimal total, Instant placedAt) {

  static OrderSummary of(OrderView view) {
    return new OrderSummary(view.orderId(), view.status(), view.total(), view.placedAt());
  }
}
