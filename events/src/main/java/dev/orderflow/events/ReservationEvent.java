package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Events of an order's reservation in inventory-service: all of its lines reserved, or none and
 * why, and later given back. Keyed by order id, on {@link Topics#INVENTORY_EVENTS}.
 */
public sealed interface ReservationEvent extends InventoryEvent {

  /** Every event of an order's saga is about the order. */
  @Override
  default String subjectName() {
    return "orderId";
  }

  /** The order the reservation is for. */
  String orderId();

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
      implements ReservationEvent {

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
      String orderId, Instant occurredAt, RejectionReason reason, List<Shortage> shortages)
      implements ReservationEvent {

    public StockReservationFailed {
      Bounds.identifier(orderId, "orderId");
      Bounds.time(occurredAt, "occurredAt");
      Objects.requireNonNull(reason, "reason");
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
      implements ReservationEvent {

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
