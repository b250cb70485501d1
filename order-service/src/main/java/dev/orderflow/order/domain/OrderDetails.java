package dev.orderflow.order.domain;

import dev.orderflow.events.OrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What was ordered and when, fixed when the order is placed. */
public record OrderDetails(
    String orderId, String customerId, List<OrderLine> lines, BigDecimal total, Instant placedAt) {

  public OrderDetails {
    lines = List.copyOf(lines);
  }
}
