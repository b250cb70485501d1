package dev.orderflow.inventory.domain;

import java.util.Locale;

/** What handling one order event did; counted by outcome. */
public enum ReservationOutcome {
  /** This call reserved every line. */
  RESERVED,
  /** This call found a shortage and reserved nothing. */
  FAILED,
  /** This call gave a reservation back. */
  RELEASED,
  /** A release came before the order was placed here; the tombstone makes it reserve nothing. */
  TOMBSTONED,
  /** Already done by an earlier delivery, or nothing to do. */
  UNCHANGED,
  /**
   * Another handler of the same order claimed it meanwhile and finishes it; this one gave back what
   * was still its own and stopped.
   */
  SUPERSEDED;

  /** The name as a metric tag. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
