package dev.orderflow.projection.order;

/** What a customer id or order id may look like (the same rule as order-service's). */
final class Identifiers {

  static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  static final String MESSAGE = "must be 1 to 64 letters, digits, '.', '_' or '-'";

  private Identifiers() {}
}
