package dev.orderflow.order.application;

/** The order kept changing under the command; the caller may try again. */
public class OrderBusyException extends RuntimeException {

  public OrderBusyException(String orderId, int attempts) {
    super("Order " + orderId + " changed during each of " + attempts + " attempts");
  }
}
