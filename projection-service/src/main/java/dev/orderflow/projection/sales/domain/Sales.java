package dev.orderflow.projection.sales.domain;

import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderTransition;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * The sales of one sku in one hour: what confirmed orders sold, and what confirmed orders cancelled
 * later took back. The one shape of sales, whether it is what one record adds, what a bucket holds
 * or what {@code GET /api/sales} answers. A sale is counted when an order is confirmed, in the hour
 * of its confirmation; a confirmed order cancelled later is counted as cancelled, in the hour of
 * its cancellation. Orders rejected or cancelled before confirmation never sold anything.
 *
 * @param hour the start of the hour (UTC)
 */
public record Sales(
    String sku,
    Instant hour,
    long orders,
    long units,
    BigDecimal revenue,
    long cancelledOrders,
    long cancelledUnits,
    BigDecimal cancelledRevenue) {

  public Sales {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(revenue, "revenue");
    Objects.requireNonNull(cancelledRevenue, "cancelledRevenue");
    if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
      throw new IllegalArgumentException(hour + " is not the start of an hour");
    }
  }

  /** Nothing sold yet. */
  public static Sales none(String sku, Instant hour) {
    return new Sales(sku, hour, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);
  }

  /** The sales the transitions make, one per sku and hour; none if they sold nothing. */
  public static List<Sales> of(List<OrderTransition> transitions) {
    var sales = new LinkedHashMap<String, Sales>();
    for (var transition : transitions) {
      var confirmed = transition.to() == OrderStatus.CONFIRMED;
      var unsold =
          transition.from() == OrderStatus.CONFIRMED && transition.to() == OrderStatus.CANCELLED;
      if (!confirmed && !unsold) {
        continue;
      }
      var hour = transition.at().truncatedTo(ChronoUnit.HOURS);
      var skusOfOrder = new HashSet<String>();
      for (var line : transition.lines()) {
        var firstLineOfSku = skusOfOrder.add(line.sku()) ? 1 : 0;
        var units = line.quantity();
        var amount = line.lineTotal();
        var sold =
            confirmed
                ? new Sales(line.sku(), hour, firstLineOfSku, units, amount, 0, 0, BigDecimal.ZERO)
                : new Sales(line.sku(), hour, 0, 0, BigDecimal.ZERO, firstLineOfSku, units, amount);
        sales.merge(key(line.sku(), hour), sold, Sales::plus);
      }
    }
    return List.copyOf(sales.values());
  }

  /** The primary key of a sku's hour: {@code <sku>|2026-03-01T09}. */
  public static String key(String sku, Instant hour) {
    return sku + "|" + DateTimeFormatter.ISO_INSTANT.format(hour).substring(0, 13);
  }

  public String key() {
    return key(sku, hour);
  }

  /** These sales and {@code other}'s, of the same sku and hour. */
  public Sales plus(Sales other) {
    if (!other.sku.equals(sku) || !other.hour.equals(hour)) {
      throw new IllegalArgumentException("Sales of " + other.key() + " added to " + key());
    }
    return new Sales(
        sku,
        hour,
        orders + other.orders,
        units + other.units,
        revenue.add(other.revenue),
        cancelledOrders + other.cancelledOrders,
        cancelledUnits + other.cancelledUnits,
        cancelledRevenue.add(other.cancelledRevenue));
  }

  public long netUnits() {
    return units - cancelledUnits;
  }

  public BigDecimal netRevenue() {
    return revenue.subtract(cancelledRevenue);
  }
}
