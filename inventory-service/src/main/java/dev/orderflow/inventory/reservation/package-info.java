/**
 * Reservations: all lines of an order or none, released exactly once, without transactions.
 *
 * <p>A reservation document per order ({@code reservations}, keyed by order id) records how far the
 * order got ({@link dev.orderflow.inventory.domain.ReservationStatus}) and is the outbox of the
 * saga events; the units themselves move in the stock documents, one {@link
 * dev.orderflow.inventory.domain.StockStep step} per sku. {@link
 * dev.orderflow.inventory.reservation.StockReservations} loads both, asks the pure {@link
 * dev.orderflow.inventory.domain.StockReservation decider} what to write, and stores each decision
 * as one conditional write: the reservation is claimed first, then each sku is stepped, then the
 * reservation is finished together with the event that announces it. A crash anywhere leaves a
 * claimed reservation that the next delivery of the same record resumes; the steps' markers make
 * every repeated step a no-op. {@link dev.orderflow.inventory.reservation.BatchReservations} makes
 * the same writes for the first deliveries of a poll's placed orders, and {@link
 * dev.orderflow.inventory.reservation.BatchReleases} for the releases of its cancelled and rejected
 * ones, one command per collection per poll ({@link
 * dev.orderflow.inventory.reservation.BatchWrites}); each leaves every order it cannot finish where
 * a crash between the same writes would.
 */
@NullMarked
package dev.orderflow.inventory.reservation;

import org.jspecify.annotations.NullMarked;
