package dev.orderflow.projection.sales.domain;

import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderTransition;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * What some order transitions add to one sku's sales in one hour. A sale is counted when an order
 * is confirmed, in the hour of its confirmation; a confirmed order cancelled later is counted as
 * cancelled, in the hour of its cancellation. Orders rejected or cancelled before confirmation
 * never sold anything.
 */
public record SalesDelta(
    String sku,
    Instant hour,
    long orders,
    long units,
    BigDecimal revenue,
    long cancelledOrders,
    long cancelledUnits,
    BigDecimal cancelledRevenue) {

  public SalesDelta {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(revenue, "revenue");
    Objects.requireNonNull(cancelledRevenue, "cancelledRevenue");
  }

  /** The sales the transitions make, one delta per sku and hour; none if they sold nothing. */
  public static List<SalesDelta> of(List<OrderTransition> transitions) {
    var deltas = new LinkedHashMap<String, SalesDelta>();
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
        var delta =
            confirmed
                ? new SalesDelta(
                    line.sku(), hour, firstLineOfSku, units, amount, 0, 0, BigDecimal.ZERO)
                : new SalesDelta(
                    line.sku(), hour, 0, 0, BigDecimal.ZERO, firstLineOfSku, units, amount);
        deltas.merge(line.sku() + "|" + hour, delta, SalesDelta::plus);
      }
    }
    return List.copyOf(deltas.values());
  }

  SalesDelta plus(SalesDelta other) {
    return new SalesDelta(
        sku,
        hour,
        orders + other.orders,
        units + other.units,
        revenue.add(other.revenue),
        cancelledOrders + other.cancelledOrders,
        cancelledUnits + other.cancelledUnits,
        cancelledRevenue.add(other.cancelledRevenue));
  }
}
