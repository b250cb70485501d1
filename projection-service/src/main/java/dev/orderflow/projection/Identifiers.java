package dev.orderflow.projection;

/** What a customer id, order id or sku may look like (the same rule as the write side's). */
public final class Identifiers {

  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  public static final String MESSAGE = "must be 1 to 64 letters, digits, '.', '_' or '-'";

  private Identifiers() {}
}
