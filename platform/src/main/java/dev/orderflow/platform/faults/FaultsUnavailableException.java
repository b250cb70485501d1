package dev.orderflow.platform.faults;

/** The service-wide state of the faults (in MongoDB) cannot be read or written now. */
public class FaultsUnavailableException extends RuntimeException {

  public FaultsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
