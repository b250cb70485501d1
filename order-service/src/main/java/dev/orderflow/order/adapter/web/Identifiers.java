package dev.orderflow.order.adapter.web;

/** What a customer id, sku or order id may look like. */
final class Identifiers {

  static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  static final String MESSAGE = "must be 1 to 64 letters, digits, '.', '_' or '-'";

  private Identifiers() {}
}
