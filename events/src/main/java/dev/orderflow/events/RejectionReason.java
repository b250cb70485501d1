package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why an order was rejected, or why its reservation failed: a closed set on the wire, read
 * tolerantly. A reader that meets a value added after it was built gets {@link #UNKNOWN} rather
 * than a dead letter, so a new reason never stops an older consumer. What such a reader writes in
 * turn says {@code unknown} (order-service rejecting an order for a reservation failure it cannot
 * name): the original value stays in the event that carried it.
 */
public enum RejectionReason implements WireValue {
  /** At least one line could not be covered by the stock available. */
  INSUFFICIENT_STOCK("insufficient-stock"),
  /** Inventory did not answer before the saga's deadline. */
  TIMEOUT("timeout"),
  /** A reason this reader does not know yet. */
  UNKNOWN("unknown");

  private final String wire;

  RejectionReason(String wire) {
    this.wire = wire;
  }

  @JsonValue
  @Override
  public String wire() {
    return wire;
  }

  /** The reason with this wire value; {@link #UNKNOWN} for one this reader does not know. */
  @JsonCreator
  public static RejectionReason fromWire(String wire) {
    return WireValue.read(RejectionReason.class, wire, UNKNOWN);
  }

  @Override
  public String toString() {
    return wire;
  }
}
