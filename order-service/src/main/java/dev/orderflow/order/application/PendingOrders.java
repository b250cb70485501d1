package dev.orderflow.order.application;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Reminders of orders that may still be pending, with when each was placed: what the saga's
 * deadline looks at. A reminder is written with its order: the event store stores an order's first
 * commit as awaiting its decision, in the same insert ({@link OrderEventStore}), so no order exists
 * without one and a placement is one write. Only a reminder: whether an order is pending is always
 * decided by its events, so a stale reminder costs a load, never a wrong decision.
 */
public interface PendingOrders {

  /** Forgets {@code orderId}; nothing happens if it is not remembered. */
  void remove(String orderId);

  /** Forgets every one of {@code orderIds} (one write where the store can). */
  default void removeAll(Collection<String> orderIds) {
    orderIds.forEach(this::remove);
  }

  /** At most {@code limit} orders remembered as placed before {@code cutoff}, oldest first. */
  List<String> placedBefore(Instant cutoff, int limit);
}
