package dev.orderflow.projection.stock;

import dev.orderflow.projection.stock.domain.StockView;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where the stock views of one generation are kept. A view's own {@code version} only grows, so it
 * doubles as the optimistic-concurrency check of a replace.
 */
public interface StockViewStore {

  /** The collection's name without the generation suffix. */
  String COLLECTION = "stock_views";

  Optional<StockView> find(String sku);

  /** Stores the first view of a sku; false if there is one already. */
  boolean insert(StockView view);

  /**
   * Replaces {@code current} with {@code next}; false if the stored view changed since it was read.
   */
  boolean replace(StockView current, StockView next);

  /** The stored views of {@code skus}, by sku. A store that can should read them in one query. */
  default Map<String, StockView> findAll(Collection<String> skus) {
    var found = new HashMap<String, StockView>();
    for (var sku : skus) {
      find(sku).ifPresent(view -> found.put(sku, view));
    }
    return found;
  }

  /** One write of a batch: an {@link #insert} when {@code current} is null, else a replace. */
  record Write(@Nullable StockView current, StockView next) {}

  /**
   * Does {@code writes} (at most one per sku), each as conditional as on its own; answers the skus
   * whose write lost. A store that can should send them in one command per kind of write.
   */
  default Set<String> writeAll(List<Write> writes) {
    var lost = new HashSet<String>();
    for (var write : writes) {
      var current = write.current();
      if (!(current == null ? insert(write.next()) : replace(current, write.next()))) {
        lost.add(write.next().sku());
      }
    }
    return lost;
  }

  /** Every sku's view, by sku. */
  List<StockView> all();
}
