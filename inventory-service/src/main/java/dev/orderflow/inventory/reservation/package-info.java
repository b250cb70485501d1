/**
 * Reservations: all lines of an order or none, released exactly once, without transactions.
 *
 * <p>A reservation document per order ({@code reservations}, keyed by order id) records how far the
 * order got ({@link dev.orderflow.inventory.reservation.ReservationStatus}) and is the outbox of
 * the saga events; the units themselves move in the stock documents, one {@link
 * dev.orderflow.inventory.stock.StockStep step} per sku. The reservation is claimed first, then
 * each sku is stepped, then the reservation is finished in one conditional write together with the
 * event that announces it. A crash anywhere leaves a claimed reservation that the next delivery of
 * the same record resumes; the steps' markers make every repeated step a no-op.
 */
package dev.orderflow.inventory.reservation;
