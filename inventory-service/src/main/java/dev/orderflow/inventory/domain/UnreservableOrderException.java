package dev.orderflow.inventory.domain;

/** An order whose lines no retry can reserve: none at all, or a quantity that is not positive. */
public class UnreservableOrderException extends RuntimeException {

  public UnreservableOrderException(String message) {
    super(message);
  }
}
