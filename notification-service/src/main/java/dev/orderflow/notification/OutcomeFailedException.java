package dev.orderflow.notification;

import java.util.Objects;

/**
 * The email of outcome {@link #index()} of a batch failed with {@link #getCause()} (a bug, not a
 * send result), and every outcome before it is done and stored: the consumer fails that outcome's
 * record, as if it had been handled alone.
 */
class OutcomeFailedException extends RuntimeException {

  private final int index;

  OutcomeFailedException(int index, RuntimeException cause) {
    super("Outcome " + index + " of the batch failed: " + cause.getMessage(), cause);
    this.index = index;
  }

  int index() {
    return index;
  }

  @Override
  public synchronized Throwable getCause() {
    return Objects.requireNonNull(super.getCause());
  }
}
