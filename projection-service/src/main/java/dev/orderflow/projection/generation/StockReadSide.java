package dev.orderflow.projection.generation;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.stock.StockProjection;
import java.util.List;

/** The read model of one generation of the {@code stock} projection. */
public record StockReadSide(int generation, StockProjection stock) {

  public void apply(StockLevelChanged event) {
    stock.apply(event);
  }

  /**
   * Applies a batch of stock levels, each sku's view written once ({@link
   * StockProjection#applyAll}).
   */
  public void applyAll(List<StockLevelChanged> events) {
    stock.applyAll(events);
  }
}
