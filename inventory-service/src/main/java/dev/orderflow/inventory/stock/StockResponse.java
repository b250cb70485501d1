package dev.orderflow.inventory.stock;

/** A sku's levels as the API shows them. */
record StockResponse(String sku, int onHand, int reserved, int available) {

  static StockResponse of(StockLevels levels) {
    return new StockResponse(levels.sku(), levels.onHand(), levels.reserved(), levels.available());
  }
}
