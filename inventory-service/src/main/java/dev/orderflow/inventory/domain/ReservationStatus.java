package dev.orderflow.inventory.domain;

/** How far an order's reservation got. */
public enum ReservationStatus {
  /** Claimed: the skus are being stepped. A reservation found in this state is resumed. */
  RESERVING,
  /** Every line is reserved; {@code StockReserved} is in the outbox. */
  RESERVED,
  /** A line could not be covered; nothing is reserved; {@code StockReservationFailed} is out. */
  FAILED,
  /** Claimed for release: the skus are being given back. Resumed if found so. */
  RELEASING,
  /** Given back; {@code StockReleased} is in the outbox. */
  RELEASED,
  /**
   * A tombstone: the order was cancelled or rejected before it was ever placed here (records of one
   * order arriving out of order), so a late {@code OrderPlaced} reserves nothing.
   */
  CANCELLED_BEFORE_RESERVATION
}
