package dev.orderflow.projection.stock.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The levels of one sku as of {@code version}, the version of inventory's {@code StockLevelChanged}
 * they come from.
 */
public record StockView(
    String sku, int onHand, int reserved, int available, long version, Instant updatedAt) {

  public StockView {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
