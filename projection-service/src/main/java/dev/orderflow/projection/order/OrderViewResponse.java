package dev.orderflow.projection.order;

import dev.orderflow.events.OrderLine;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/orders/{id}}: the order as the read side shows it. */
record OrderViewResponse(
    String orderId,
    String customerId,
    OrderStatus status,
    List<Line> lines,
    BigDecimal total,
    long version,
    Instant placedAt,
    Instant updatedAt,
    List<Step> timeline) {

  record Line(String sku, int quantity, BigDecimal unitPrice) {

    static Line of(OrderLine line) {
      return new Line(line.sku(), line.quantity(), line.unitPrice());
    }
  }

  /** One entry of the timeline: what happened, and when. */
  record Step(String type, Instant at) {}

  static OrderViewResponse of(OrderView view) {
    return new OrderViewResponse(
        view.orderId(),
        view.customerId(),
        view.status(),
        view.lines().stream().map(Line::of).toList(),
        view.total(),
        view.version(),
        view.placedAt(),
        view.updatedAt(),
        view.timeline().stream().map(entry -> new Step(entry.type(), entry.at())).toList());
  }
}
