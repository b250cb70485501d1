/**
 * Use cases of order-service: load an order's events, let the domain decide, append the result.
 * Knows the {@link dev.orderflow.order.application.OrderEventStore} port, not how it is stored or
 * published.
 */
@NullMarked
package dev.orderflow.order.application;

import org.jspecify.annotations.NullMarked;
