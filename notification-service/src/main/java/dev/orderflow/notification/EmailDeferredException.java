package dev.orderflow.notification;

/**
 * An email the SMTP server turned away for now, or did not answer in time, with attempts left.
 * Thrown back to the listener container, which publishes the record to the next retry topic
 * (OrderEventsRetryTopics); the partition goes on with the records behind it.
 */
class EmailDeferredException extends RuntimeException {

  EmailDeferredException(String notificationId, int attempt, int attempts, String reason) {
    super(
        "Attempt %d of %d to send %s failed, tried again later: %s"
            .formatted(attempt, attempts, notificationId, reason));
  }
}
