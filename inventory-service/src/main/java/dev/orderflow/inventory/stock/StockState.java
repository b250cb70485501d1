package dev.orderflow.inventory.stock;

import java.util.Map;

/**
 * What a {@link StockStep} decides on: a sku's levels and the markers of the steps applied to it,
 * keyed by {@link StockStep#marker()}, each holding the attempt that applied it.
 */
record StockState(
    int onHand, int reserved, int available, long version, Map<String, Long> markers) {

  StockState {
    markers = Map.copyOf(markers);
  }
}
