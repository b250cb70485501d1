package dev.orderflow.projection.stream;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a subscriber wants: everything, or only the changes of one customer's orders, or of one
 * order. A filtered subscriber gets no stock changes: they belong to no order.
 */
record ChangeFilter(@Nullable String customerId, @Nullable String orderId) {

  static final ChangeFilter EVERYTHING = new ChangeFilter(null, null);

  boolean accepts(Change change) {
    return (customerId == null || Objects.equals(customerId, change.customerId()))
        && (orderId == null || Objects.equals(orderId, change.orderId()));
  }
}
