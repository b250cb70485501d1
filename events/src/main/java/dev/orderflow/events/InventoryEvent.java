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
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(occurredAt, "occurredAt");
      lines = List.copyOf(lines);
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
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(occurredAt, "occurredAt");
      Objects.requireNonNull(reason, "reason");
      shortages = List.copyOf(shortages);
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
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(occurredAt, "occurredAt");
      lines = List.copyOf(lines);
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
      Objects.requireNonNull(sku, "sku");
      Objects.requireNonNull(occurredAt, "occurredAt");
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
