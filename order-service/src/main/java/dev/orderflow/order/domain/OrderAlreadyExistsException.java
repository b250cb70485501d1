package dev.orderflow.order.domain;

public final class OrderAlreadyExistsException extends OrderException {

  public OrderAlreadyExistsException(String orderId) {
    super("Order " + orderId + " already exists");
  }
}
