package dev.orderflow.projection.customer;

import dev.orderflow.projection.customer.domain.OrderSummary;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.domain.ProjectionOutcome;
import java.util.List;

/** Where the customer histories of one generation are kept: one entry per order. */
public interface CustomerOrdersStore {

  /** The collection's name without the generation suffix. */
  String COLLECTION = "customer_orders";

  /**
   * Stores {@code summary} as its order's entry, unless the entry has that version or a newer one.
   */
  ProjectionOutcome<OrderSummary> record(OrderSummary summary);

  /**
   * {@link #record} for many orders (one summary per order): a store that can should write them in
   * one command per kind of write.
   */
  default List<ProjectionOutcome<OrderSummary>> recordAll(List<OrderSummary> summaries) {
    return summaries.stream().map(this::record).toList();
  }

  /** Page {@code page} of a customer's orders, by {@code placedAt} then order id. */
  Page<OrderSummary> page(String customerId, int page, int size, boolean newestFirst);
}
