/**
 * The order view as pure functions: {@link dev.orderflow.projection.order.domain.OrderProjector}
 * applies one event to an {@link dev.orderflow.projection.order.domain.OrderView} (order events in
 * version order, early ones parked, duplicates skipped; other topics' events merged into the
 * timeline by event id), and the view tells the {@link
 * dev.orderflow.projection.order.domain.OrderTransition} each applied version made, which the
 * derived read models count.
 */
@NullMarked
package dev.orderflow.projection.order.domain;

import org.jspecify.annotations.NullMarked;
