/**
 * inventory-service keeps stock per sku and takes part in the order saga: it reserves all lines of
 * an order or none, and releases a reservation exactly once. The decisions are pure code in {@code
 * domain} (the reservation decider and the step on one sku); two features, one package each, store
 * them: {@code stock} (the levels of each sku, their HTTP API and their announcements) and {@code
 * reservation} (the reservation documents, the adapter that loads, decides and stores, and the
 * listener that drives it). There is no transaction anywhere: every write changes one document, and
 * the steps of a reservation are made idempotent by markers kept in the documents they change.
 */
@NullMarked
package dev.orderflow.inventory;

import org.jspecify.annotations.NullMarked;
