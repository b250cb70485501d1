package dev.orderflow.order.application;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reminders of orders that may still be pending, with when each was placed: what the saga's
 * deadline looks at. Only a reminder: whether an order is pending is always decided by its events,
 * so a stale reminder costs a load, never a wrong decision.
 */
public interface PendingOrders {

  /** Remembers {@code orderId} as placed at {@code placedAt}; a repeat changes nothing. */
  void add(String orderId, Instant placedAt);

  /**
   * Remembers every order of {@code placedAt} (order id to when it was placed), with one write
   * where the store can; a repeat changes nothing, as for {@link #add}.
   */
  default void addAll(Map<String, Instant> placedAt) {
    placedAt.forEach(this::add);
  }

  /** Forgets {@code orderId}; nothing happens if it is not remembered. */
  void remove(String orderId);

  /** Forgets every one of {@code orderIds} (one write where the store can). */
  default void removeAll(Collection<String> orderIds) {
    orderIds.forEach(this::remove);
  }

  /** At most {@code limit} orders remembered as placed before {@code cutoff}, oldest first. */
  List<String> placedBefore(Instant cutoff, int limit);
}
