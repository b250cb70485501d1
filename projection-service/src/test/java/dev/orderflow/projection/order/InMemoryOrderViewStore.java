package dev.orderflow.projection.order;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Order views in a map, with the same conditional writes as the MongoDB store, and a hook that runs
 * just before a replace: a test puts another writer's write there.
 */
class InMemoryOrderViewStore implements OrderViewStore {

  private final Map<String, StoredOrderView> views = new ConcurrentHashMap<>();
  Runnable beforeReplace = () -> {};
  int writes;

  @Override
  public Optional<StoredOrderView> find(String orderId) {
    return Optional.ofNullable(views.get(orderId));
  }

  @Override
  public synchronized boolean insert(OrderView view) {
    if (views.putIfAbsent(view.orderId(), new StoredOrderView(view, 1)) != null) {
      return false;
    }
    writes++;
    return true;
  }

  @Override
  public boolean replace(StoredOrderView current, OrderView next) {
    beforeReplace.run();
    return replaceNow(current, next);
  }

  /** A replace that does not run the hook: the other writer's. */
  synchronized boolean replaceNow(StoredOrderView current, OrderView next) {
    var replaced =
        views.replace(next.orderId(), current, new StoredOrderView(next, current.revision() + 1));
    if (replaced) {
      writes++;
    }
    return replaced;
  }

  @Override
  public List<OrderView> placedBy(String customerId, int limit) {
    return views.values().stream()
        .map(StoredOrderView::view)
        .filter(view -> customerId.equals(view.customerId()))
        .sorted(Comparator.comparing(OrderView::placedAt).reversed())
        .limit(limit)
        .toList();
  }
}
