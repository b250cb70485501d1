package dev.orderflow.order.domain;

public final class OrderNotFoundException extends OrderException {

  public OrderNotFoundException(String orderId) {
    super("No order " + orderId);
  }
}
