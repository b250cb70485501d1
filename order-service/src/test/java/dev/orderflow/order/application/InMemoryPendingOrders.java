package dev.orderflow.order.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The reminders of the saga deadline in memory. */
class InMemoryPendingOrders implements PendingOrders {

  private final Map<String, Instant> placedAt = new ConcurrentHashMap<>();

  @Override
  public void add(String orderId, Instant placedAt) {
    this.placedAt.putIfAbsent(orderId, placedAt);
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
