package dev.orderflow.platform.outbox;

import java.util.List;

/**
 * The publisher of the sweep, which only the holder of the relay lease runs. Taking over fences off
 * whoever swept before, so that a former holder that stalled past its lease cannot publish a stale
 * batch once another instance has taken over ({@link TransactionalOutboxPublisher}).
 */
public interface SweepPublisher extends OutboxPublisher {

  /**
   * Makes this instance the only one that can publish sweeps: a former sweeper is fenced, and its
   * batch in flight, if any, is aborted. Called on acquiring the lease, before the first sweep.
   */
  void takeOver();

  /** Stops publishing sweeps until the next {@link #takeOver}; called on losing the lease. */
  void resign();

  /**
   * {@inheritDoc}
   *
   * @throws FencedException if another instance has taken over since: the batch is not published
   */
  @Override
  boolean publish(List<OutboxMessage> batch);

  /** A sweep publisher that fences nothing: for tests and tools that run one instance. */
  static SweepPublisher unfenced(OutboxPublisher publisher) {
    return new SweepPublisher() {
      @Override
      public void takeOver() {}

      @Override
      public void resign() {}

      @Override
      public boolean publish(List<OutboxMessage> batch) {
        return publisher.publish(batch);
      }
    };
  }

  /** Another instance took the sweep over: this one's batch was not published, nor will be. */
  final class FencedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FencedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
