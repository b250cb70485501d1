package dev.orderflow.order.application;

import dev.orderflow.events.OrderEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event store contract in memory: appends are checked against the revision that was loaded, and
 * an order's first commit leaves its deadline reminder in {@link #pending()}.
 */
final class InMemoryOrderEventStore implements OrderEventStore {

  private record Count(int events) implements StreamRevision {}

  private final Map<String, List<OrderEvent>> streams = new ConcurrentHashMap<>();
  private final InMemoryPendingOrders pending = new InMemoryPendingOrders();
  private Runnable beforeNextAppend = () -> {};
  private int loads;

  @Override
  public OrderStream load(String orderId) {
    loads++;
    var events = streams.getOrDefault(orderId, List.of());
    return new OrderStream(orderId, events, new Count(events.size()));
  }

  @Override
  public OrderStream startStream(String orderId) {
    return new OrderStream(orderId, List.of(), new Count(0));
  }

  @Override
  public synchronized boolean append(OrderStream stream, List<OrderEvent> events) {
    var hook = beforeNextAppend;
    beforeNextAppend = () -> {};
    hook.run();
    var current = streams.getOrDefault(stream.orderId(), List.of());
    if (current.size() != ((Count) stream.revision()).events()) {
      return false;
    }
    var next = new ArrayList<>(current);
    next.addAll(events);
    streams.put(stream.orderId(), List.copyOf(next));
    if (current.isEmpty() && events.getFirst() instanceof OrderEvent.OrderPlaced placed) {
      pending.placed(stream.orderId(), placed.occurredAt());
    }
    return true;
  }

  /** Runs {@code change} right before the next append: another writer that got there first. */
  void interleave(Runnable change) {
    beforeNextAppend = change;
  }

  /** Before every append from now on, another writer gets there first with {@code change}. */
  void alwaysInterleave(Runnable change) {
    beforeNextAppend =
        () -> {
          change.run();
          alwaysInterleave(change);
        };
  }

  /** The reminders its first commits left, which a decision's removal forgets. */
  InMemoryPendingOrders pending() {
    return pending;
  }

  /** How many times a stream was read. */
  int loads() {
    return loads;
  }

  List<OrderEvent> events(String orderId) {
    return streams.getOrDefault(orderId, List.of());
  }
}
