package dev.orderflow.projection.sales;

import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.domain.OrderTransition;
import dev.orderflow.projection.sales.domain.Sales;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the sales per sku and hour of one generation: counts what the order transitions a record
 * applied first sold, once per record.
 */
public final class SalesProjection {

  public static final String NAME = "sales";

  private final SalesStore store;
  private final OutcomeMetrics metrics;

  public SalesProjection(SalesStore store, OutcomeMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** Counts the sales of {@code transitions}, which the record at {@code position} applied. */
  public void apply(List<OrderTransition> transitions, RecordPosition position) {
    for (var sold : Sales.of(transitions)) {
      metrics.count(store.add(sold, position));
    }
  }

  /** Counts the sales of many records' transitions at once, each bucket written once. */
  public void applyAll(List<SalesStore.Sale> sales) {
    store.addAll(sales).forEach(metrics::count);
  }

  public List<Sales> ofSku(String sku, Instant from, Instant to) {
    return store.ofSku(sku, from, to);
  }

  public List<Sales> between(Instant from, Instant to) {
    return store.between(from, to);
  }
}
