package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why an order was cancelled: a closed set on the wire, read tolerantly, like {@link
 * RejectionReason}. Events written before the set was closed said {@code cancelled-by-customer};
 * the platform's {@code EventJson} upcasts them to {@link #CUSTOMER_REQUEST} as it reads them.
 */
public enum CancellationReason implements WireValue {
  /** The customer asked for it ({@code POST /api/orders/{orderId}/cancel}). */
  CUSTOMER_REQUEST("customer-request"),
  /** A reason this reader does not know yet. */
  UNKNOWN("unknown");

  private final String wire;

  CancellationReason(String wire) {
    this.wire = wire;
  }

  @JsonValue
  @Override
  public String wire() {
    return wire;
  }

  /** The reason with this wire value; {@link #UNKNOWN} for one this reader does not know. */
  @JsonCreator
  public static CancellationReason fromWire(String wire) {
    return WireValue.read(CancellationReason.class, wire, UNKNOWN);
  }

  @Override
  public String toString() {
    return wire;
  }
}
