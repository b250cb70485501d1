/**
 * The order view: one document per order in {@code order_views} with its status, lines, total and a
 * timeline of everything that happened to it, from all three topics. {@link
 * dev.orderflow.projection.order.OrderProjector} is a pure function that applies order events
 * strictly in version order (duplicates skipped, early ones parked in the view until the gap before
 * them is filled) and merges the other topics' events into the timeline by event id; {@link
 * dev.orderflow.projection.order.OrderProjection} reads, applies and writes back with optimistic
 * concurrency through the {@link dev.orderflow.projection.order.OrderViewStore} seam. The same view
 * answers "orders of a customer".
 */
package dev.orderflow.projection.order;
