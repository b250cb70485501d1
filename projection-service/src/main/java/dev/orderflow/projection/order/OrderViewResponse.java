package dev.orderflow.projection.order;

import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/orders/{id}}: the order as the read side shows it; its lines as the events carry
 * them ({@code sku, quantity, unitPrice}).
 *
 * @param reason why it was rejected, as the events name it ({@code insufficient-stock}, {@code
 *     timeout}, {@code unknown}); null unless {@code REJECTED}
 * @param traceId the W3C trace id (32 hex digits) of the request that placed it, from its {@code
 *     OrderPlaced} record; null when that record named none
 */
record OrderViewResponse(
    String orderId,
    String customerId,
    OrderStatus status,
    List<OrderLine> lines,
    BigDecimal total,
    long version,
    Instant placedAt,
    Instant updatedAt,
    @Nullable RejectionReason reason,
    @Nullable String traceId,
    List<Step> timeline) {

  /** One entry of the timeline: what happened, and when. */
  record Step(String type, Instant at) {}

  /** The answer for a placed order's view. */
  static OrderViewResponse of(OrderView view) {
    // OrderPlaced sets them all; a view before it is not an order to show.
    var customerId = view.customerId();
    var status = view.status();
    var total = view.total();
    var placedAt = view.placedAt();
    var updatedAt = view.updatedAt();
    if (customerId == null
        || status == null
        || total == null
        || placedAt == null
        || updatedAt == null) {
      throw new IllegalArgumentException("Order " + view.orderId() + " is not placed yet");
    }
    return new OrderViewResponse(
        view.orderId(),
        customerId,
        status,
        view.lines(),
        total,
        view.version(),
        placedAt,
        updatedAt,
        view.reason(),
        view.traceId(),
        view.timeline().stream().map(entry -> new Step(entry.type(), entry.at())).toList());
  }
}
