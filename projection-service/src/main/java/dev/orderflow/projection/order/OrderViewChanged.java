package dev.orderflow.projection.order;

import org.jspecify.annotations.Nullable;

/**
 * An order view changed (announced in the application, for the live stream).
 *
 * @param status null while the view holds only a timeline, before its {@code OrderPlaced}
 */
public record OrderViewChanged(String orderId, @Nullable OrderStatus status, long version) {

  static OrderViewChanged of(OrderView view) {
    return new OrderViewChanged(view.orderId(), view.status(), view.version());
  }
}
