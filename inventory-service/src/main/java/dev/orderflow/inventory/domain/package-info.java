/**
 * The reservation of an order as pure code: no Spring, MongoDB, Kafka, platform, metrics or logging
 * here. {@link dev.orderflow.inventory.domain.StockReservation} decides, from the reservation and
 * the stock of its lines as read, the writes a command needs (start or claim, a {@link
 * dev.orderflow.inventory.domain.StockStep step} per sku, finish with the event that announces the
 * outcome), and folds each into the state it leaves; {@code StockStep} decides one step on one
 * sku's document. The adapters in {@code reservation} and {@code stock} load, ask, and store each
 * decision as one conditional single-document write.
 */
@NullMarked
package dev.orderflow.inventory.domain;

import org.jspecify.annotations.NullMarked;
