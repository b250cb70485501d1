package dev.orderflow.platform.outbox;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the {@link OutboxRelay}.
 *
 * @param batchSize most messages sent before waiting for Kafka's acknowledgements
 * @param sweepInterval how often the leader looks for messages that were stored but never handed to
 *     a relay (a crash between write and hand-off, or a write made by another instance)
 * @param sweepGrace how old a stored message must be before a sweep takes it, so that the sweep
 *     does not race the hand-off of a write that just happened
 * @param lease how long the relay lease lasts without renewal; another instance takes over after
 *     that
 * @param capacity most handed-off messages kept in memory; beyond it the next sweep picks them up
 * @param backlogCountInterval how often every instance counts {@code outbox_backlog_events} (a
 *     query of every source); unset, the sweep interval
 * @param markInterval how often the hand-off path marks what Kafka acknowledged since its last
 *     marks, one command per source for all of it: one mark per batch cost a write command per
 *     batch (docs/engineering/benchmarks.md)
 */
@ConfigurationProperties("orderflow.outbox")
public record OutboxProperties(
    @DefaultValue("500") int batchSize,
    @DefaultValue("5s") Duration sweepInterval,
    @DefaultValue("2s") Duration sweepGrace,
    @DefaultValue("10s") Duration lease,
    @DefaultValue("100000") int capacity,
    @Nullable Duration backlogCountInterval,
    @DefaultValue("50ms") Duration markInterval) {

  /** The default {@code mark-interval}. */
  public static final Duration MARK_INTERVAL = Duration.ofMillis(50);

  /** Bound from {@code orderflow.outbox.*}. */
  @ConstructorBinding
  public OutboxProperties {}

  /** Marks every {@link #MARK_INTERVAL}. */
  public OutboxProperties(
      int batchSize,
      Duration sweepInterval,
      Duration sweepGrace,
      Duration lease,
      int capacity,
      @Nullable Duration backlogCountInterval) {
    this(
        batchSize, sweepInterval, sweepGrace, lease, capacity, backlogCountInterval, MARK_INTERVAL);
  }

  /** The backlog counted at the sweep interval, marks every {@link #MARK_INTERVAL}. */
  public OutboxProperties(
      int batchSize, Duration sweepInterval, Duration sweepGrace, Duration lease, int capacity) {
    this(batchSize, sweepInterval, sweepGrace, lease, capacity, null);
  }

  /** How often the backlog is counted: {@code backlog-count-interval}, else the sweep interval. */
  public Duration backlogCountEvery() {
    return backlogCountInterval != null ? backlogCountInterval : sweepInterval;
  }
}
