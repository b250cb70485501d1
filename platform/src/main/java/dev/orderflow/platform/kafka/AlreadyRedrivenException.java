package dev.orderflow.platform.kafka;

/** The dead letter was sent back already. */
public class AlreadyRedrivenException extends RuntimeException {

  public AlreadyRedrivenException(String id) {
    super("Dead letter " + id + " was sent back already");
  }
}
