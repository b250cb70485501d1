package dev.orderflow.inventory.stock;

/** On-hand stock may not drop below what orders have reserved: that would oversell. */
public class OnHandBelowReservedException extends RuntimeException {

  private final int reserved;

  public OnHandBelowReservedException(String sku, int onHand, int reserved) {
    super(
        "Cannot set on-hand of %s to %d: %d units are reserved by orders"
            .formatted(sku, onHand, reserved));
    this.reserved = reserved;
  }

  public int reserved() {
    return reserved;
  }
}
