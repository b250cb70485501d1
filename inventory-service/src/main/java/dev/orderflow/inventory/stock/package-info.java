/**
 * The levels of each sku, one MongoDB document per sku: {@code onHand}, {@code reserved} and {@code
 * available} (stored, so a reservation is one conditional write) always add up, {@code available +
 * reserved == onHand}. Every change is a compare-and-set on the document's {@code version}; the
 * {@link dev.orderflow.inventory.domain.StockStep steps} of reservations leave a marker in the same
 * write, which is what makes them safe to repeat. The collection is also the outbox of its own
 * {@code StockLevelChanged} announcements.
 */
@NullMarked
package dev.orderflow.inventory.stock;

import org.jspecify.annotations.NullMarked;
