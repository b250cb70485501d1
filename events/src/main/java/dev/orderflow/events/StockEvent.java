package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;

/**
 * Events of one sku's stock in inventory-service, keyed by sku, on {@link Topics#INVENTORY_EVENTS}.
 */
public sealed interface StockEvent extends InventoryEvent {

  /** A stock event is about one sku. */
  @Override
  default String subjectName() {
    return "sku";
  }

  /**
   * The levels of one sku after a change (a reservation, a release or a new on-hand count). Carries
   * the whole state, so a reader that keeps the highest {@code version} per sku converges even if
   * it misses or reorders some of them; {@code available + reserved == onHand} always holds.
   */
  @JsonTypeName("StockLevelChanged")
  record StockLevelChanged(
      String sku, long version, Instant occurredAt, int onHand, int reserved, int available)
      implements StockEvent {

    public StockLevelChanged {
      Bounds.identifier(sku, "sku");
      Bounds.version(version, "version");
      Bounds.time(occurredAt, "occurredAt");
      Bounds.units(onHand, "onHand");
      Bounds.units(reserved, "reserved");
      Bounds.units(available, "available");
      if (available + reserved != onHand) {
        throw new IllegalArgumentException(
            "available + reserved must be onHand, was "
                + available
                + " + "
                + reserved
                + " against "
                + onHand);
      }
    }

    @Override
    public String subject() {
      return sku;
    }

    @Override
    public String eventId() {
      return "stock/" + sku + "/" + version;
    }
  }
}
