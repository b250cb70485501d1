package dev.orderflow.projection.order;

import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.domain.OrderView;
import java.util.Map;
import java.util.Optional;

/**
 * Where the order views of one generation are kept. Writes are conditional, so two writers that
 * read the same view cannot both write it back: the second is told, reads again and applies its
 * event to what the first wrote.
 */
public interface OrderViewStore {

  /** The collection's name without the generation suffix. */
  String COLLECTION = "order_views";

  Optional<StoredOrderView> find(String orderId);

  /**
   * Stores a view not stored before, at revision 1 ({@link StoredOrderView#first}); false if one
   * with its id exists already.
   */
  boolean insert(OrderView view, Map<Long, RecordPosition> appliedBy);

  /**
   * Replaces {@code current} with {@code next}, at the next revision ({@link
   * StoredOrderView#next}); false if the stored view changed since it was read.
   */
  boolean replace(StoredOrderView current, OrderView next, Map<Long, RecordPosition> appliedBy);

  /**
   * A view as read, the revision a replace has to find still in place, and for each applied version
   * the record whose handling applied it first: a redelivery of that record (same position) still
   * has counting to finish, a duplicate published again (another position) has not.
   */
  record StoredOrderView(OrderView view, long revision, Map<Long, RecordPosition> appliedBy) {

    public StoredOrderView {
      appliedBy = Map.copyOf(appliedBy);
    }

    /** A view as its first write stores it. */
    public static StoredOrderView first(OrderView view, Map<Long, RecordPosition> appliedBy) {
      return new StoredOrderView(view, 1, appliedBy);
    }

    /** What a replace of this one with {@code view} stores. */
    public StoredOrderView next(OrderView view, Map<Long, RecordPosition> appliedBy) {
      return new StoredOrderView(view, revision + 1, appliedBy);
    }
  }
}
