/**
 * A customer's history as pure functions: which version of an order's {@link
 * dev.orderflow.projection.customer.domain.OrderSummary} wins, and the order of a page.
 */
@NullMarked
package dev.orderflow.projection.customer.domain;

import org.jspecify.annotations.NullMarked;
