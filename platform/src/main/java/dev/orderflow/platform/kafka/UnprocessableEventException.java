package dev.orderflow.platform.kafka;

/**
 * A record that no retry can fix (it names an order that does not exist, say). The error handler
 * sends it to the dead-letter topic at once instead of retrying it.
 */
public class UnprocessableEventException extends RuntimeException {

  public UnprocessableEventException(String message) {
    super(message);
  }
}
