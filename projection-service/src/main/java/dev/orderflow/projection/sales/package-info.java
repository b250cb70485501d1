/**
 * Sales per sku and hour: units, revenue and orders of confirmed orders in the hour of their
 * confirmation, and what confirmed orders that were cancelled later took back. Derived from the
 * order views' transitions, not from raw events (a confirmation carries no lines). A count is a
 * second write after the order view's, so each bucket keeps the highest offset it counted per
 * partition of {@code orders.events}: a redelivered record is never counted twice, a crash between
 * the two writes never loses a count.
 */
@NullMarked
package dev.orderflow.projection.sales;

import org.jspecify.annotations.NullMarked;
