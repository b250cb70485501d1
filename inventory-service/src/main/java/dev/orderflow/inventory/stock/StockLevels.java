package dev.orderflow.inventory.stock;

import java.util.Objects;

/**
 * The levels of one sku at one version; {@code available + reserved == onHand} always.
 *
 * @param version counts the changes of the sku's levels; {@code StockLevelChanged} carries it, so a
 *     reader can keep the newest
 */
public record StockLevels(String sku, int onHand, int reserved, int available, long version) {

  public StockLevels {
    Objects.requireNonNull(sku, "sku");
  }
}
