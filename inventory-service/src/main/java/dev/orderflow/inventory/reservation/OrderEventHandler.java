package dev.orderflow.inventory.reservation;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.inventory.domain.ReservationOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the listener hands each order event: {@link StockReservations} at the core, wrapped by what
 * cuts across it ({@link CountedOutcomes}, the log line and the outcome counter), so neither the
 * listener nor the core carries it.
 */
@FunctionalInterface
interface OrderEventHandler {

  /** What handling {@code event} did; empty if the event asks nothing of inventory. */
  Optional<ReservationOutcome> handle(OrderEvent event);

  /**
   * Reserves many placed orders at once (each order at most once), those that are first deliveries
   * with lines that can be reserved; answers the outcome of each order it handled, by order id.
   * Every other order is left for {@link #handle}. By default none is handled here.
   */
  default Map<String, ReservationOutcome> reserveAll(List<Placed> placed) {
    return Map.of();
  }

  /**
   * Releases what many cancelled or rejected orders hold at once (each order at most once), those
   * whose reservation is made and not released yet, or final already; answers the outcome of each
   * order it handled, by order id. Every other order is left for {@link #handle}. By default none
   * is handled here.
   */
  default Map<String, ReservationOutcome> releaseAll(List<Releasing> releasing) {
    return Map.of();
  }

  /**
   * Records what handling {@code event} did when it was handled in a batch ({@link #reserveAll},
   * {@link #releaseAll}): {@link #handle} records its own. The listener calls it for each record of
   * the batch's result, in that record's logging context and trace, so its log line names the order
   * and the trace as a record handled alone does. By default nothing is recorded.
   */
  default void count(OrderEvent event, ReservationOutcome outcome) {}

  /** A placed order, and the trace of the record it came in ({@code traceparent}), if any. */
  record Placed(OrderPlaced event, @Nullable String traceparent) {}

  /**
   * A cancelled or rejected order ({@code OrderCancelled}, {@code OrderRejected}), and the trace of
   * the record it came in, if any.
   */
  record Releasing(OrderEvent event, @Nullable String traceparent) {}
}
