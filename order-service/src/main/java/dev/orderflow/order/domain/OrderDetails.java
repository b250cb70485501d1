package dev.orderflow.order.domain;

import dev.orderflow.events.OrderLine;
import java.math.BigDecimal;
import java.util.List;

/** What was ordered, fixed when the order is placed. */
public record OrderDetails(
    String orderId, String customerId, List<OrderLine> lines, BigDecimal total) {

  public OrderDetails {
    lines = List.copyOf(lines);
  }
}
