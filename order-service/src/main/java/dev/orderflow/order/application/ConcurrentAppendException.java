package dev.orderflow.order.application;

/** Another append to the same order came first; load the stream again and decide again. */
public class ConcurrentAppendException extends RuntimeException {

  public ConcurrentAppendException(String orderId) {
    super("Order " + orderId + " changed while the command was being decided");
  }
}
