package dev.orderflow.projection.order;

import dev.orderflow.events.RejectionReason;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderView;
import org.jspecify.annotations.Nullable;

/**
 * An order view changed (announced in the application, for the live stream).
 *
 * @param customerId null while the view holds only a timeline, before its {@code OrderPlaced}
 * @param status null while the view holds only a timeline, before its {@code OrderPlaced}
 * @param reason why the order was rejected ({@code insufficient-stock}, {@code timeout}, {@code
 *     unknown}); null unless its status is {@code REJECTED}
 * @param traceId the W3C trace id of the request that placed the order (from its {@code
 *     OrderPlaced} record); null before {@code OrderPlaced}, or when that record named none
 * @param cause the type of the event that changed it ({@code StockReserved}, say): a timeline event
 *     changes neither status nor version, and a watcher should still see what happened
 */
public record OrderViewChanged(
    String orderId,
    @Nullable String customerId,
    @Nullable OrderStatus status,
    long version,
    @Nullable RejectionReason reason,
    @Nullable String traceId,
    String cause) {

  static OrderViewChanged of(OrderView view, String cause) {
    return new OrderViewChanged(
        view.orderId(),
        view.customerId(),
        view.status(),
        view.version(),
        view.reason(),
        view.traceId(),
        cause);
  }
}
