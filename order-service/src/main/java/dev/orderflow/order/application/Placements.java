package dev.orderflow.order.application;

import dev.orderflow.events.OrderEvent;
import java.util.List;

/**
 * How a placement is written: the order's first commit ({@link OrderEventStore}), which carries its
 * saga deadline's reminder ({@link PendingOrders}), answered once it is durable. One at a time
 * ({@link #direct}), or shared with the placements made at the same moment ({@link GroupCommit}).
 */
@FunctionalInterface
public interface Placements {

  /**
   * Appends {@code events} after {@code stream}.
   *
   * @return false, if another append to the order came first (the append stored nothing)
   */
  boolean place(OrderStream stream, List<OrderEvent> events);

  /** Each placement with its own write. */
  static Placements direct(OrderEventStore store) {
    return store::append;
  }
}
