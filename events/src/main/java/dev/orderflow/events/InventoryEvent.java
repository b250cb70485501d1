package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Events of inventory-service, published to {@link Topics#INVENTORY_EVENTS}. Reservation outcomes
 * are keyed by order id (they belong to the order's saga); stock levels are keyed by sku.
 */
public sealed interface InventoryEvent extends DomainEvent {

  /** A quantity of one sku. */
  record StockLine(String sku, int quantity) {

    public StockLine {
      Objects.requireNonNull(sku, "sku");
    }
  }

  /** A sku that could not cover its line: how much was asked and how much was available. */
  record Shortage(String sku, int requested, int available) {

    public Shortage {
      Objects.requireNonNull(sku, "sku");
    }
  }

  /** Every line of the order is now reserved (all or none: never some). */
  @JsonTypeName("StockReserved")
  record StockReserved(String orderId, Instant occurredAt, List<StockLine> lines)
      implements InventoryEvent {

    public StockReserved {
      Bounds.identifier(orderId, "orderId");
      Bounds.time(occurredAt, "occurredAt");
      lines = stockLines(lines, 1);
    }

    @Override
    public String subject() {
      return orderId;
    }

    @Override
    public String eventId() {
      return "reservation/" + orderId + "/reserved";
    }
  }

  /** At least one line could not be covered, so nothing was reserved for the order. */
  @JsonTypeName("StockReservationFailed")
  record StockReservationFailed(
      String orderId, Instant occurredAt, String reason, List<Shortage> shortages)
      implements InventoryEvent {

    public static final String INSUFFICIENT_STOCK = "insufficient-stock";

    public StockReservationFailed {
      Bounds.identifier(orderId, "orderId");
      Bounds.time(occurredAt, "occurredAt");
      Bounds.text(reason, "reason");
      shortages = Bounds.between(shortages, 0, Bounds.MAX_LINES, "shortages");
      for (var shortage : shortages) {
        Bounds.identifier(shortage.sku(), "sku");
        Bounds.units(shortage.requested(), "requested");
        Bounds.units(shortage.available(), "available");
      }
    }

    @Override
    public String subject() {
      return orderId;
    }

    @Override
    public String eventId() {
      return "reservation/" + orderId + "/failed";
    }
  }

  /** The order's reservation was given back to available stock (cancel or compensation). */
  @JsonTypeName("StockReleased")
  record StockReleased(String orderId, Instant occurredAt, List<StockLine> lines)
      implements InventoryEvent {

    public StockReleased {
      Bounds.identifier(orderId, "orderId");
      Bounds.time(occurredAt, "occurredAt");
      lines = stockLines(lines, 0);
    }

    @Override
    public String subject() {
      return orderId;
    }

    @Override
    public String eventId() {
      return "reservation/" + orderId + "/released";
    }
  }

  /**
   * The levels of one sku after a change (a reservation, a release or a new on-hand count). Carries
   * the whole state, so a reader that keeps the highest {@code version} per sku converges even if
   * it misses or reorders some of them; {@code available + reserved == onHand} always holds.
   */
  @JsonTypeName("StockLevelChanged")
  record StockLevelChanged(
      String sku, long version, Instant occurredAt, int onHand, int reserved, int available)
      implements InventoryEvent {

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

  /** The lines of a reservation or a release: each a sku and a positive quantity. */
  private static List<StockLine> stockLines(List<StockLine> lines, int min) {
    var checked = Bounds.between(lines, min, Bounds.MAX_LINES, "lines");
    for (var line : checked) {
      Bounds.identifier(line.sku(), "sku");
      Bounds.within(line.quantity(), 1, Bounds.MAX_STOCK, "quantity");
    }
    return checked;
  }
}
