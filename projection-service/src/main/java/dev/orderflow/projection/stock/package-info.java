/**
 * The stock view: the latest levels of each sku in {@code stock_views}, from {@code
 * StockLevelChanged}. Each of those events carries the whole state of its sku, so the view keeps
 * the one with the highest version and skips the rest: it converges under duplicates, reordering
 * and even missed events, without parking anything.
 */
@NullMarked
package dev.orderflow.projection.stock;

import org.jspecify.annotations.NullMarked;
