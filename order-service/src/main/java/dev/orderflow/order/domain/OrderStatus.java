package dev.orderflow.order.domain;

/**
 * Where an order is in its life; the last three are terminal, except that CONFIRMED can be
 * cancelled.
 */
public enum OrderStatus {
  PENDING,
  CONFIRMED,
  REJECTED,
  CANCELLED
}
