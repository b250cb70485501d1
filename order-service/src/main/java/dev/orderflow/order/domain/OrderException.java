package dev.orderflow.order.domain;

/** A command the aggregate refuses. Each kind maps to one HTTP status at the edge. */
public abstract sealed class OrderException extends RuntimeException
    permits OrderNotFoundException,
        OrderAlreadyExistsException,
        IllegalTransitionException,
        InvalidOrderException {

  protected OrderException(String message) {
    super(message);
  }
}
