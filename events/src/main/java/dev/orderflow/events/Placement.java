package dev.orderflow.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a customer ordered, as it was placed: the part of an {@code OrderPlaced} a reader of the
 * order's terminal event needs to tell the customer about it. {@code OrderConfirmed}, {@code
 * OrderRejected} and {@code OrderCancelled} carry it (issue 19), so notification-service emails
 * from the event alone instead of keeping a copy of every placement. Optional on the wire: events
 * written before it was added carry none (ADR 7).
 */
public record Placement(String customerId, List<OrderLine> lines, BigDecimal total) {

  public Placement {
    lines = checked(customerId, lines, total);
  }

  /**
   * The checks {@code OrderPlaced} and a placement share: an identifier for the customer, 1 to
   * {@link Bounds#MAX_LINES} lines in bounds, and a total that is their sum. Answers the lines,
   * unmodifiable.
   */
  static List<OrderLine> checked(String customerId, List<OrderLine> lines, BigDecimal total) {
    Bounds.identifier(customerId, "customerId");
    lines = Bounds.between(lines, 1, Bounds.MAX_LINES, "lines");
    for (var line : lines) {
      Bounds.identifier(line.sku(), "sku");
      Bounds.quantity(line.quantity(), "quantity");
      Bounds.price(line.unitPrice(), "unitPrice");
    }
    Bounds.total(total, "total");
    var sum = lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (sum.compareTo(total) != 0) {
      throw new IllegalArgumentException(
          "total must be the sum of the lines, " + sum + ", was " + total);
    }
    return lines;
  }
}
