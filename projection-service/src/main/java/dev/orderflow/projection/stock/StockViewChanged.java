package dev.orderflow.projection.stock;

import dev.orderflow.projection.stock.domain.StockView;

/** The levels of a sku changed (announced in the application, for the live stream). */
public record StockViewChanged(String sku, int onHand, int reserved, int available, long version) {

  static StockViewChanged of(StockView view) {
    return new StockViewChanged(
        view.sku(), view.onHand(), view.reserved(), view.available(), view.version());
  }
}
