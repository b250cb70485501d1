package dev.orderflow.platform.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request refused because its client, or all clients together, came faster than the service
 * admits: a {@code 429} problem with {@code Retry-After}. Worth retrying then.
 */
public class RateLimitedException extends RuntimeException {

  private final Duration retryAfter;

  public RateLimitedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /** How long to wait, at least one second: {@code Retry-After} has no finer unit. */
  public Duration retryAfter() {
    return retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
  }

  /**
   * {@code Retry-After} in whole seconds, rounded up: rounding down invites the retry too early.
   */
  public String retryAfterHeader() {
    return Long.toString(Math.ceilDiv(retryAfter().toMillis(), 1000));
  }

  /** The {@code 429} problem that refuses the request. */
  public ProblemDetail problem() {
    return Problems.of(
        HttpStatus.TOO_MANY_REQUESTS,
        "rate-limited",
        "Too many requests; try again later",
        getMessage());
  }
}
