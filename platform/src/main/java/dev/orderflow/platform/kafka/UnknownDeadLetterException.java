package dev.orderflow.platform.kafka;

/** No dead letter of this service at these coordinates. */
public class UnknownDeadLetterException extends RuntimeException {

  public UnknownDeadLetterException(String id) {
    super("No dead letter of this service at " + id);
  }
}
