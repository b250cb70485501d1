package dev.orderflow.order.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reminders of the saga deadline in memory: written by {@link InMemoryOrderEventStore} with an
 * order's first commit, as the MongoDB store writes them ({@link #placed}), or by a test.
 */
class InMemoryPendingOrders implements PendingOrders {

  private final Map<String, Instant> placedAt = new ConcurrentHashMap<>();

  /** Remembers {@code orderId} as placed at {@code placedAt}, as a first commit stored does. */
  void placed(String orderId, Instant placedAt) {
    this.placedAt.putIfAbsent(orderId, placedAt);
  }

  void placedAll(Map<String, Instant> placedAt) {
    placedAt.forEach(this::placed);
  }

  @Override
  public void remove(String orderId) {
    placedAt.remove(orderId);
  }

  @Override
  public List<String> placedBefore(Instant cutoff, int limit) {
    return placedAt.entrySet().stream()
        .filter(entry -> entry.getValue().isBefore(cutoff))
        .sorted(Map.Entry.comparingByValue())
        .limit(limit)
        .map(Map.Entry::getKey)
        .toList();
  }

  boolean remembers(String orderId) {
    return placedAt.containsKey(orderId);
  }
}
