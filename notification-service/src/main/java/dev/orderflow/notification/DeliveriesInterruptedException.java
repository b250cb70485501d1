package dev.orderflow.notification;

import dev.orderflow.notification.domain.Delivery;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A batch's emails failed part-way with {@link #getCause()} after some of them were dealt with:
 * {@link #done()} says what became of those (by the index of their outcome), so that they are
 * counted although the batch failed. The consumer passes the cause on as it would have without
 * them.
 */
class DeliveriesInterruptedException extends RuntimeException {

  private final SortedMap<Integer, Delivery> done;

  DeliveriesInterruptedException(SortedMap<Integer, Delivery> done, RuntimeException cause) {
    this("Emails of a batch failed after " + done.size() + ": " + cause.getMessage(), done, cause);
  }

  DeliveriesInterruptedException(
      String message, SortedMap<Integer, Delivery> done, RuntimeException cause) {
    super(message, cause);
    this.done = Collections.unmodifiableSortedMap(new TreeMap<>(done));
  }

  /** What became of the outcomes dealt with before the failure, by index. */
  SortedMap<Integer, Delivery> done() {
    return done;
  }

  /** What the batch failed with. */
  RuntimeException failure() {
    return (RuntimeException) getCause();
  }

  @Override
  public synchronized Throwable getCause() {
    return Objects.requireNonNull(super.getCause());
  }
}
