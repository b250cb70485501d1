package dev.orderflow.platform.kafka;

/**
 * Something the record needs is away (the SMTP server, say), not wrong with the record: every
 * record would fail the same way now. The record waits in place, its partition with it, until the
 * dependency is back, however long that takes; the wait is logged, counted and alerted on ({@code
 * kafka_consumer_retrying_seconds}), never dead-lettered.
 */
public class DependencyUnavailableException extends RuntimeException {

  public DependencyUnavailableException(String message) {
    super(message);
  }

  public DependencyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
