package dev.orderflow.order.domain;

/** The order's status does not allow the command, e.g. cancelling a rejected order. */
public final class IllegalTransitionException extends OrderException {

  private final OrderStatus status;

  public IllegalTransitionException(String orderId, OrderStatus status, String action) {
    super("Order " + orderId + " is " + status + " and cannot " + action);
    this.status = status;
  }

  public OrderStatus status() {
    return status;
  }
}
