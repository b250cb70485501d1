package dev.orderflow.notification;

/**
 * A terminal event that carries no {@code Placement} (written before terminal events carried it)
 * for an order of which no copy was kept either: the email cannot be written. Retryable like any
 * failure of a record, and after the bounded retries the record goes to the dead-letter topic with
 * this cause.
 */
class OrderDetailsMissingException extends RuntimeException {

  OrderDetailsMissingException(String orderId) {
    super(
        "No details of order "
            + orderId
            + ": its terminal event carries no placement and no copy of its OrderPlaced was kept");
  }
}
