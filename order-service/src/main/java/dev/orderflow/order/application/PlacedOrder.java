package dev.orderflow.order.application;

import dev.orderflow.order.domain.OrderStatus;

/**
 * The answer to a placement.
 *
 * @param replayed true when an earlier request with the same {@code Idempotency-Key} placed it
 */
public record PlacedOrder(String orderId, OrderStatus status, boolean replayed) {}
