package dev.orderflow.projection.generation;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.stock.StockProjection;

/** The read model of one generation of the {@code stock} projection. */
public record StockReadSide(int generation, StockProjection stock) {

  public void apply(StockLevelChanged event) {
    stock.apply(event);
  }
}
