package dev.orderflow.inventory.reservation;

import java.time.Duration;

/**
 * How the {@code slow-consumer} fault spends the delay a poll owes ({@code delayMs} for each of its
 * records): on the listener thread before the poll is handled, up to {@link #mostHeld}; whatever is
 * left as a pause of the poll's partitions after it. A paused consumer keeps polling, without
 * records, so it keeps its partitions; a thread held beyond {@code max.poll.interval.ms} would be
 * thrown out of the group and its records delivered again after a rebalance. Either way the poll's
 * partitions take {@code delayMs} per record between them, so a listener thread falls behind any
 * producer faster than {@code 1000 / delayMs} records per second, however many partitions it reads
 * and however long its backlog grows.
 *
 * @param mostHeld the longest the listener thread is held for one poll
 */
record SlowdownPolicy(Duration mostHeld) {

  /** Kafka's default {@code max.poll.interval.ms}: five minutes. */
  static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

  /** What one poll owes, and how it is paid. */
  record Owed(Duration held, Duration paused) {}

  SlowdownPolicy {
    if (mostHeld.isNegative() || mostHeld.isZero()) {
      throw new IllegalArgumentException("mostHeld must be positive, was " + mostHeld);
    }
  }

  /**
   * Holds the thread for at most a fifth of {@code max.poll.interval.ms} (a minute by default):
   * well under the deadline, with room for the handling itself.
   */
  static SlowdownPolicy within(Duration maxPollInterval) {
    return new SlowdownPolicy(maxPollInterval.dividedBy(5));
  }

  /** What a poll of {@code records} owes at {@code delayMs} each. */
  Owed owed(long delayMs, int records) {
    var total = Duration.ofMillis(delayMs).multipliedBy(records);
    var held = total.compareTo(mostHeld) <= 0 ? total : mostHeld;
    return new Owed(held, total.minus(held));
  }
}
