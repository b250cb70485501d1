package dev.orderflow.projection.stock;

import dev.orderflow.projection.stock.domain.StockView;
import java.util.List;
import java.util.Optional;

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

  /** Every sku's view, by sku. */
  List<StockView> all();
}
