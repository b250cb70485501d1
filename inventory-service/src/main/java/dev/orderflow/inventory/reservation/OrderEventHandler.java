package dev.orderflow.inventory.reservation;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.inventory.domain.ReservationOutcome;
import java.util.Optional;

/**
 * Where the listener hands each order event: {@link StockReservations} at the core, wrapped by what
 * cuts across it ({@link SlowConsumer}, the {@code slow-consumer} fault; {@link CountedOutcomes},
 * the log line and the outcome counter), so neither the listener nor the core carries them.
 */
@FunctionalInterface
interface OrderEventHandler {

  /** What handling {@code event} did; empty if the event asks nothing of inventory. */
  Optional<ReservationOutcome> handle(OrderEvent event);
}
