package dev.orderflow.platform.faults;

/** A fault this service does not have. */
public class UnknownFaultException extends RuntimeException {

  public UnknownFaultException(String name) {
    super("This service has no fault named " + name);
  }
}
