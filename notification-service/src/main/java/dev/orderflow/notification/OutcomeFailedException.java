package dev.orderflow.notification;

import dev.orderflow.notification.domain.Delivery;
import java.util.SortedMap;

/**
 * The email of outcome {@link #index()} of a batch failed with {@link #getCause()} (a bug, not a
 * send result), and every outcome before it is done and stored ({@link #done()}, one delivery for
 * each): the consumer fails that outcome's record, as if it had been handled alone.
 */
class OutcomeFailedException extends DeliveriesInterruptedException {

  private final int index;

  OutcomeFailedException(int index, RuntimeException cause, SortedMap<Integer, Delivery> done) {
    super("Outcome " + index + " of the batch failed: " + cause.getMessage(), done, cause);
    this.index = index;
  }

  int index() {
    return index;
  }
}
