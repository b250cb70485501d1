package dev.orderflow.projection.sales.domain;

import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.domain.SkipReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The sales of one sku in one hour, and for each partition of {@code orders.events} the offset of
 * the last record counted in it. Records of a partition are handled in offset order and a
 * redelivery keeps its offset, so a record at or below the stored offset has been counted: a count
 * is added exactly once, whatever crashes and redeliveries happen between this document's write and
 * the order view's, with a bounded amount of bookkeeping (one offset per partition).
 *
 * @param hour the start of the hour (UTC)
 * @param offsets per partition ({@code orders.events-2}), the offset of the last record counted
 */
public record SalesBucket(
    String sku,
    Instant hour,
    long orders,
    long units,
    BigDecimal revenue,
    long cancelledOrders,
    long cancelledUnits,
    BigDecimal cancelledRevenue,
    Map<String, Long> offsets) {

  public SalesBucket {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(hour, "hour");
    if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
      throw new IllegalArgumentException(hour + " is not the start of an hour");
    }
    offsets = Map.copyOf(offsets);
  }

  public static SalesBucket empty(String sku, Instant hour) {
    return new SalesBucket(sku, hour, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO, Map.of());
  }

  /** The bucket's primary key: {@code <sku>|2026-03-01T09}. */
  public static String key(String sku, Instant hour) {
    return sku + "|" + DateTimeFormatter.ISO_INSTANT.format(hour).substring(0, 13);
  }

  public String key() {
    return key(sku, hour);
  }

  public long netUnits() {
    return units - cancelledUnits;
  }

  public BigDecimal netRevenue() {
    return revenue.subtract(cancelledRevenue);
  }

  /** Adds what the record at {@code position} sold, unless that record was counted already. */
  public ProjectionOutcome<SalesBucket> add(SalesDelta delta, RecordPosition position) {
    if (!delta.sku().equals(sku) || !delta.hour().equals(hour)) {
      throw new IllegalArgumentException(
          "Sales of " + key(delta.sku(), delta.hour()) + " in " + key());
    }
    if (offsets.getOrDefault(position.partitionKey(), -1L) >= position.offset()) {
      return new Skipped<>(this, SkipReason.DUPLICATE);
    }
    var counted = new HashMap<>(offsets);
    counted.put(position.partitionKey(), position.offset());
    return new Applied<>(
        new SalesBucket(
            sku,
            hour,
            orders + delta.orders(),
            units + delta.units(),
            revenue.add(delta.revenue()),
            cancelledOrders + delta.cancelledOrders(),
            cancelledUnits + delta.cancelledUnits(),
            cancelledRevenue.add(delta.cancelledRevenue()),
            counted));
  }
}
