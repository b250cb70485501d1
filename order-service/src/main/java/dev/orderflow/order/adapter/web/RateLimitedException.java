package dev.orderflow.order.adapter.web;

import java.time.Duration;

/** A request refused because it came faster than the service admits; worth retrying later. */
class RateLimitedException extends RuntimeException {

  private final Duration retryAfter;

  RateLimitedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
