package dev.orderflow.platform.kafka;

/**
 * Contention: the document the record changes kept changing under it (another consumer, another
 * instance). Retried in place, never dead-lettered as contention: real contention passes within
 * milliseconds. A record that still fails this way after {@code
 * orderflow.kafka.retry.contention-limit} is not meeting contention but a document it can never
 * update; it goes to the dead-letter topic with the cause, like any other record that keeps
 * failing.
 */
public class RetryLaterException extends RuntimeException {

  public RetryLaterException(String message) {
    super(message);
  }

  public RetryLaterException(String message, Throwable cause) {
    super(message, cause);
  }
}
