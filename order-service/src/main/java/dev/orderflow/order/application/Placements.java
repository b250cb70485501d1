package dev.orderflow.order.application;

import dev.orderflow.events.OrderEvent;
import java.time.Instant;
import java.util.List;

/**
 * How a placement is written: the order's reminder ({@link PendingOrders}), then its first commit
 * ({@link OrderEventStore}), answered once both are durable. One at a time ({@link #direct}), or
 * shared with the placements made at the same moment ({@link GroupCommit}).
 */
@FunctionalInterface
public interface Placements {

  /**
   * Writes the reminder of {@code stream}'s order, then appends {@code events} after {@code
   * stream}.
   *
   * @return false, if another append to the order came first (the append stored nothing)
   */
  boolean place(OrderStream stream, Instant placedAt, List<OrderEvent> events);

  /** Each placement with its own two writes. */
  static Placements direct(OrderEventStore store, PendingOrders pending) {
    return (stream, placedAt, events) -> {
      // The reminder goes first: a crash in between leaves a reminder without an order, which the
      // deadline sweep drops, never an order that nothing would time out.
      pending.add(stream.orderId(), placedAt);
      return store.append(stream, events);
    };
  }
}
