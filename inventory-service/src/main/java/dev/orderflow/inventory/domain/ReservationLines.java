package dev.orderflow.inventory.domain;

import dev.orderflow.events.OrderLine;
import dev.orderflow.events.ReservationEvent.StockLine;
import java.util.List;
import java.util.TreeMap;

/**
 * The lines of an order as a reservation holds them: one per sku, with the quantities of repeated
 * skus added up (a sku is stepped once per order, so it carries one marker), in sku order (so every
 * attempt at an order walks its skus the same way and two of them meet on the first sku).
 */
public final class ReservationLines {

  private ReservationLines() {}

  public static List<StockLine> of(List<OrderLine> lines) {
    if (lines.isEmpty()) {
      throw new UnreservableOrderException("The order has no lines");
    }
    var bySku = new TreeMap<String, Integer>();
    for (var line : lines) {
      if (line.quantity() < 1) {
        throw new UnreservableOrderException(
            "Quantity of %s must be positive: %d".formatted(line.sku(), line.quantity()));
      }
      try {
        bySku.merge(line.sku(), line.quantity(), Math::addExact);
      } catch (ArithmeticException e) {
        throw new UnreservableOrderException("Quantity of %s overflows".formatted(line.sku()));
      }
    }
    return bySku.entrySet().stream()
        .map(entry -> new StockLine(entry.getKey(), entry.getValue()))
        .toList();
  }
}
