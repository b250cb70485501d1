/**
 * The order view: one document per order with its status, lines, total and a timeline of everything
 * that happened to it, from all three topics. {@link
 * dev.orderflow.projection.order.domain.OrderProjector} is a pure function that applies order
 * events strictly in version order (duplicates skipped, early ones parked in the view until the gap
 * before them is filled) and merges the other topics' events into the timeline by event id; {@link
 * dev.orderflow.projection.order.OrderProjection} reads, applies and writes back with optimistic
 * concurrency through the {@link dev.orderflow.projection.order.OrderViewStore} seam, and tells
 * what follows (customer history, sales) which versions a record applied first.
 */
@NullMarked
package dev.orderflow.projection.order;

import org.jspecify.annotations.NullMarked;
