package dev.orderflow.inventory.reservation;

import dev.orderflow.events.ReservationEvent.StockLine;
import java.util.List;
import java.util.Objects;

/**
 * An order's reservation as last read.
 *
 * @param lines one per sku, in sku order (see {@link ReservationLines})
 * @param version moves with every write; every write is conditional on it
 * @param attempt the version at which the current owner claimed the reservation: its steps carry
 *     this number, and only the owner can finish it, because a later claim moves the version
 */
record Reservation(
    String orderId, ReservationStatus status, List<StockLine> lines, long version, long attempt) {

  Reservation {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
  }
}
