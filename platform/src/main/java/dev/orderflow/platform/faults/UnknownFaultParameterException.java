package dev.orderflow.platform.faults;

import java.util.Set;

/** Switching a fault on with a parameter it does not take. */
public class UnknownFaultParameterException extends IllegalArgumentException {

  public UnknownFaultParameterException(String fault, String parameter, Set<String> known) {
    super(fault + " takes " + (known.isEmpty() ? "no parameters" : known) + ", not " + parameter);
  }
}
