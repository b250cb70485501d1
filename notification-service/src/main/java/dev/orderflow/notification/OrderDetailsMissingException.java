package dev.orderflow.notification;

/**
 * A terminal event arrived before the order's details. Its {@code OrderPlaced} precedes it in the
 * same partition, so this is transient at worst (or the placement was itself dead-lettered):
 * retryable, and after the bounded retries the record goes to the dead-letter topic.
 */
class OrderDetailsMissingException extends RuntimeException {

  OrderDetailsMissingException(String orderId) {
    super("No details of order " + orderId + " (its OrderPlaced has not been handled)");
  }
}
