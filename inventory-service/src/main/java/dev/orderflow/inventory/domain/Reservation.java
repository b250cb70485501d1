package dev.orderflow.inventory.domain;

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
public record Reservation(
    String orderId, ReservationStatus status, List<StockLine> lines, long version, long attempt) {

  public Reservation {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
  }

  /** A new reservation of {@code lines}, claimed by attempt 1. */
  public static Reservation started(String orderId, List<StockLine> lines) {
    return new Reservation(orderId, ReservationStatus.RESERVING, lines, 1, 1);
  }

  /** The mark an order cancelled or rejected before it was placed here leaves. */
  public static Reservation tombstone(String orderId) {
    return new Reservation(
        orderId, ReservationStatus.CANCELLED_BEFORE_RESERVATION, List.of(), 1, 1);
  }

  /** This reservation claimed {@code as}: the claim's version is its attempt. */
  public Reservation claimed(ReservationStatus as) {
    return new Reservation(orderId, as, lines, version + 1, version + 1);
  }

  /** This reservation moved to its final {@code status} by its owner. */
  public Reservation finished(ReservationStatus status) {
    return new Reservation(orderId, status, lines, version + 1, attempt);
  }
}
