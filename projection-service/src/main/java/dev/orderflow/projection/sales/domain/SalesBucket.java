package dev.orderflow.projection.sales.domain;

import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.domain.SkipReason;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The sales of one sku in one hour as stored, with, for each partition of {@code orders.events},
 * the offset of the last record counted in it. Records of a partition are handled in offset order
 * and a redelivery keeps its offset, so a record at or below the stored offset has been counted: a
 * count is added exactly once, whatever crashes and redeliveries happen between this document's
 * write and the order view's, with a bounded amount of bookkeeping (one offset per partition).
 *
 * @param offsets per partition ({@code orders.events-2}), the offset of the last record counted
 */
public record SalesBucket(Sales sales, Map<String, Long> offsets) {

  public SalesBucket {
    Objects.requireNonNull(sales, "sales");
    offsets = Map.copyOf(offsets);
  }

  public static SalesBucket empty(String sku, Instant hour) {
    return new SalesBucket(Sales.none(sku, hour), Map.of());
  }

  /** Adds what the record at {@code position} sold, unless that record was counted already. */
  public ProjectionOutcome<SalesBucket> add(Sales sold, RecordPosition position) {
    if (offsets.getOrDefault(position.partitionKey(), -1L) >= position.offset()) {
      return new Skipped<>(this, SkipReason.DUPLICATE);
    }
    var counted = new HashMap<>(offsets);
    counted.put(position.partitionKey(), position.offset());
    return new Applied<>(new SalesBucket(sales.plus(sold), counted));
  }
}
