package dev.orderflow.projection.order;

import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.domain.OrderView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
   * The stored views of {@code orderIds}, by id; an order without one is absent. A store that can
   * should read them in one query: a batch reads the views it does not remember at once.
   */
  default Map<String, StoredOrderView> findAll(Collection<String> orderIds) {
    var found = new HashMap<String, StoredOrderView>();
    for (var orderId : orderIds) {
      find(orderId).ifPresent(stored -> found.put(orderId, stored));
    }
    return found;
  }

  /**
   * One conditional write of a batch: an {@link #insert} when {@code current} is null, else a
   * {@link #replace} of {@code current}.
   */
  record Write(
      @Nullable StoredOrderView current, OrderView next, Map<Long, RecordPosition> appliedBy) {

    public Write {
      appliedBy = Map.copyOf(appliedBy);
    }

    public String orderId() {
      return next.orderId();
    }

    /** What is stored once this write wins. */
    public StoredOrderView stored() {
      return current == null
          ? StoredOrderView.first(next, appliedBy)
          : current.next(next, appliedBy);
    }
  }

  /**
   * Does {@code writes} (at most one per order), each as conditional as on its own; answers the
   * orders whose write lost (a view inserted or replaced since it was read), which the caller
   * redoes one at a time. A store that can should send all of them in one command per kind of
   * write.
   */
  default Set<String> writeAll(List<Write> writes) {
    var lost = new HashSet<String>();
    for (var write : new ArrayList<>(writes)) {
      var current = write.current();
      boolean done =
          current == null
              ? insert(write.next(), write.appliedBy())
              : replace(current, write.next(), write.appliedBy());
      if (!done) {
        lost.add(write.orderId());
      }
    }
    return lost;
  }

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
