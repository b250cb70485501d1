package dev.orderflow.projection.customer;

import dev.orderflow.projection.customer.domain.CustomerHour;
import dev.orderflow.projection.customer.domain.OrderSummary;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.domain.ProjectionOutcome;

/** Where the customer histories of one generation are kept. */
public interface CustomerOrdersStore {

  /** The hour buckets' collection, without the generation suffix. */
  String COLLECTION = "customer_orders";

  /** The per-customer index of hours, without the generation suffix. */
  String INDEX_COLLECTION = "customers";

  /**
   * Puts {@code summary} into the bucket of {@code customerId} and the hour it was placed in,
   * unless the bucket has that version or a newer one, then makes sure the customer's index counts
   * the bucket's orders (also when the bucket was written by an earlier attempt that crashed before
   * the index was).
   */
  ProjectionOutcome<CustomerHour> record(String customerId, OrderSummary summary);

  Page<OrderSummary> page(String customerId, int page, int size, boolean newestFirst);
}
