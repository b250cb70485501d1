package dev.orderflow.projection.stream;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change of the feed, as sent and as kept for replay.
 *
 * @param id increasing; the SSE {@code id}, which a reconnecting client sends back as {@code
 *     Last-Event-ID}
 * @param name the SSE event name: {@code order} or {@code stock}
 * @param orderId the order it is about, for filtering; null for stock
 * @param customerId the customer whose order it is, for filtering; null for stock, and for an order
 *     not placed yet
 */
record Change(
    long id, String name, Object data, @Nullable String orderId, @Nullable String customerId) {

  Change {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
  }
}
