package dev.orderflow.platform.kafka;

/**
 * A failure that time resolves: contention on a document, a dependency briefly unavailable. The
 * record is retried in place with capped back-off for as long as it takes, never dead-lettered,
 * because the record itself is fine.
 */
public class RetryLaterException extends RuntimeException {

  public RetryLaterException(String message) {
    super(message);
  }

  public RetryLaterException(String message, Throwable cause) {
    super(message, cause);
  }
}
