package dev.orderflow.projection;

/**
 * A view kept changing under an event, on every attempt to apply it. The listener's error handler
 * retries the record later.
 */
public class ViewBusyException extends RuntimeException {

  public ViewBusyException(String view, int attempts) {
    super("View " + view + " changed during each of " + attempts + " attempts to apply an event");
  }
}
