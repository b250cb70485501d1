package dev.orderflow.projection.order;

import java.util.List;
import java.util.Optional;

/**
 * Where order views are kept. Writes are conditional, so two writers that read the same view cannot
 * both write it back: the second is told, reads again and applies its event to what the first
 * wrote.
 */
public interface OrderViewStore {

  Optional<StoredOrderView> find(String orderId);

  /** Stores a view not stored before; false if one with its id exists already. */
  boolean insert(OrderView view);

  /**
   * Replaces {@code current} with {@code next}; false if the stored view changed since it was read.
   */
  boolean replace(StoredOrderView current, OrderView next);

  /** The placed orders of a customer, newest first, at most {@code limit}. */
  List<OrderView> placedBy(String customerId, int limit);

  /** A view as read, and the revision a replace has to find still in place. */
  record StoredOrderView(OrderView view, long revision) {}
}
