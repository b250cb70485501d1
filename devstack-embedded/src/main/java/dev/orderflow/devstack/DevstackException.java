package dev.orderflow.devstack;

/** The stack could not start, for a reason its message explains to the person running it. */
public final class DevstackException extends RuntimeException {

  public DevstackException(String message) {
    super(message);
  }

  public DevstackException(String message, Throwable cause) {
    super(message, cause);
  }
}
