package dev.orderflow.order.application;

import dev.orderflow.events.OrderEvent;
import java.util.List;

/**
 * Where the events of each order are kept: the only state of order-service. Appends are atomic and
 * optimistic: an append succeeds only if no other append to the same order happened since the
 * stream was loaded.
 */
public interface OrderEventStore {

  /** Every event of the order, oldest first; an empty stream if there is no such order. */
  OrderStream load(String orderId);

  /** A stream known to be new (its id was just generated), without reading the store. */
  OrderStream startStream(String orderId);

  /**
   * Stores {@code events} after the last event of {@code stream}, in one atomic write, and has them
   * published afterwards.
   *
   * @return false, storing nothing, if another append to the order came first since {@code stream}
   *     was loaded: the caller loads it again and decides again
   */
  boolean append(OrderStream stream, List<OrderEvent> events);
}
