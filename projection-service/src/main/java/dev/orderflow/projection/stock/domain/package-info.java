/**
 * The stock view as a pure function: the newest {@code StockLevelChanged} of a sku wins; the same
 * version again is a duplicate, an older one stale.
 */
@NullMarked
package dev.orderflow.projection.stock.domain;

import org.jspecify.annotations.NullMarked;
