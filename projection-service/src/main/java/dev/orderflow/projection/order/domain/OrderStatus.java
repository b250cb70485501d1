package dev.orderflow.projection.order.domain;

/** The status of an order, as its events say (the write side's own enum is not shared). */
public enum OrderStatus {
  PENDING,
  CONFIRMED,
  REJECTED,
  CANCELLED
}
