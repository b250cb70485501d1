package dev.orderflow.projection;

import dev.orderflow.platform.kafka.RetryLaterException;

/**
 * A view kept changing under an event, on every attempt to apply it. The listener's error handler
 * retries the record later, for as long as it takes: dead-lettering an order event would leave the
 * view parked behind the gap.
 */
public class ViewBusyException extends RetryLaterException {

  public ViewBusyException(String view, int attempts) {
    super("View " + view + " changed during each of " + attempts + " attempts to apply an event");
  }
}
