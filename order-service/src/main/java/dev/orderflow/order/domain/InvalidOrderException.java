package dev.orderflow.order.domain;

public final class InvalidOrderException extends OrderException {

  public InvalidOrderException(String message) {
    super(message);
  }
}
