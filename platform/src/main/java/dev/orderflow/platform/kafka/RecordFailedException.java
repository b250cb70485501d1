package dev.orderflow.platform.kafka;

import java.util.Objects;

/**
 * Thrown by a {@link BatchHandler}: the record at {@link #index()} (a {@link BatchRecord#index()})
 * failed with {@link #getCause()}, and every record before it is fully applied. It is retried,
 * logged and dead-lettered as a record listener's failure would be.
 */
public final class RecordFailedException extends RuntimeException {

  private final int index;

  public RecordFailedException(int index, Throwable cause) {
    super("Record " + index + " of the batch failed: " + cause.getMessage(), cause);
    this.index = index;
  }

  public int index() {
    return index;
  }

  @Override
  public synchronized Throwable getCause() {
    return Objects.requireNonNull(super.getCause());
  }
}
