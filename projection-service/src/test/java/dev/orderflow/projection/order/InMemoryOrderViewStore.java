package dev.orderflow.projection.order;

import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.domain.OrderView;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Order views in a map, with the same conditional writes as the MongoDB store, and a hook that runs
 * just before a replace: a test puts another writer's write there.
 */
public class InMemoryOrderViewStore implements OrderViewStore {

  private final Map<String, StoredOrderView> views = new ConcurrentHashMap<>();
  Runnable beforeReplace = () -> {};
  int writes;
  int reads;

  @Override
  public Optional<StoredOrderView> find(String orderId) {
    reads++;
    return Optional.ofNullable(views.get(orderId));
  }

  @Override
  public synchronized boolean insert(OrderView view, Map<Long, RecordPosition> appliedBy) {
    if (views.putIfAbsent(view.orderId(), StoredOrderView.first(view, appliedBy)) != null) {
      return false;
    }
    writes++;
    return true;
  }

  @Override
  public boolean replace(
      StoredOrderView current, OrderView next, Map<Long, RecordPosition> appliedBy) {
    beforeReplace.run();
    return replaceNow(current, next, appliedBy);
  }

  /** A replace that does not run the hook: the other writer's. */
  synchronized boolean replaceNow(
      StoredOrderView current, OrderView next, Map<Long, RecordPosition> appliedBy) {
    var replaced = views.replace(next.orderId(), current, current.next(next, appliedBy));

    if (replaced) {
      writes++;
    }
    return replaced;
  }
}
