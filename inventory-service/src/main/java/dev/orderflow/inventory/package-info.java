/**
 * inventory-service keeps stock per sku and takes part in the order saga: it reserves all lines of
 * an order or none, and releases a reservation exactly once. Two features, one package each: {@code
 * stock} (the levels of each sku, their HTTP API and their announcements) and {@code reservation}
 * (the multi-sku algorithm and the listener that drives it). There is no transaction anywhere:
 * every write changes one document, and the steps of a reservation are made idempotent by markers
 * kept in the documents they change.
 */
package dev.orderflow.inventory;
