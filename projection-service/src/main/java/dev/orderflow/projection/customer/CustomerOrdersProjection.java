package dev.orderflow.projection.customer;

import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.customer.domain.OrderSummary;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.order.domain.OrderView;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Keeps the customer histories of one generation in step with the order views: after an order's
 * view changed, its summary becomes the order's entry, as of the view's version.
 */
public final class CustomerOrdersProjection {

  public static final String NAME = "customer-orders";

  private final CustomerOrdersStore store;
  private final OutcomeMetrics metrics;

  public CustomerOrdersProjection(CustomerOrdersStore store, OutcomeMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** Brings the summary of a placed order's view into its customer's history. */
  public ProjectionOutcome<OrderSummary> apply(OrderView view) {
    var outcome = store.record(OrderSummary.of(view));
    metrics.count(outcome);
    return outcome;
  }

  /**
   * Brings the summaries of placed orders' views into their histories at once; of several views of
   * one order only the newest counts, since an entry keeps only its newest version anyway. Counted
   * once per order.
   */
  public void applyAll(List<OrderView> views) {
    var newest = new LinkedHashMap<String, OrderView>();
    for (var view : views) {
      newest.merge(
          view.orderId(), view, (one, other) -> other.version() >= one.version() ? other : one);
    }
    store
        .recordAll(newest.values().stream().map(OrderSummary::of).toList())
        .forEach(metrics::count);
  }

  public Page<OrderSummary> page(String customerId, int page, int size, boolean newestFirst) {
    return store.page(customerId, page, size, newestFirst);
  }
}
