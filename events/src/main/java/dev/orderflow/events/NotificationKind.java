package dev.orderflow.events;

/** The emails a customer gets: one per terminal state of an order. */
public enum NotificationKind {
  ORDER_CONFIRMED,
  ORDER_REJECTED,
  ORDER_CANCELLED
}
