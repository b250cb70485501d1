package dev.orderflow.order.application;

/** An {@code Idempotency-Key} already placed an order with different content. */
public class IdempotencyKeyReusedException extends RuntimeException {

  public IdempotencyKeyReusedException(String key) {
    super("Idempotency-Key " + key + " was already used for a different order");
  }
}
