package dev.orderflow.projection.intake;

import dev.orderflow.projection.generation.Unflushed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Commits the live listener's offsets only once what its polls changed is stored, while the order
 * views are written behind ({@link dev.orderflow.projection.generation.WriteBehindProperties}): a
 * poll's acknowledgement waits on its consumer's thread until a flush that took its records has
 * stored the views and told customer history and sales, then commits it (the container's {@code
 * AckMode.MANUAL_IMMEDIATE} with {@code syncCommits}: a synchronous commit there and then). So a
 * crash loses nothing committed; what was applied and not committed is delivered again, and every
 * read model skips what it has.
 *
 * <p>When everything a consumer polled is stored, it commits its positions instead of its polls'
 * last offsets: a position is past the commit marker of a transaction (the outbox sweep publishes
 * in transactions), which no record's offset reaches, so a partition that ends with one shows no
 * lag for good. The container's own {@code fixTxOffsets} would commit positions past polls not yet
 * stored, so it is off for this container ({@link AssignmentGuard}).
 *
 * <p>A flush is due once the oldest record not flushed was applied {@code order-views} ago, and
 * {@code order-views} after the last flush that ended (the view of an order awaiting its decision
 * may wait {@code pending-orders}: such a flush stores the rest, and commits only the polls applied
 * before the oldest record it holds); the listener looks at the end of every poll and, when polls
 * bring nothing, at the container's idle events. While a rebuild's switch holds the intake,
 * everything is flushed and committed at the next look, and the intake stands still only once
 * nothing waits ({@link #nothingWaiting}): the switch reads committed offsets that are exactly what
 * the live generation stored (ADR 8). Before partitions are revoked, everything is flushed and this
 * consumer's polls committed; when they are lost, its polls are forgotten uncommitted. A flush that
 * fails keeps what it had for the next one (logged, {@code
 * projection_write_behind_failures_total}); nothing is committed past it. At stop, after the
 * listener, what is left is stored.
 */
@Component
class WrittenBehind implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WrittenBehind.class);

  private final Unflushed projections;
  private final Counter failures;

  /** Each consumer thread's polls applied and not committed, oldest first. */
  private final ThreadLocal<ArrayDeque<Applied>> uncommitted =
      ThreadLocal.withInitial(ArrayDeque::new);

  /** Each consumer thread's positions as it last committed them itself. */
  private final ThreadLocal<Map<TopicPartition, Long>> committedPositions =
      ThreadLocal.withInitial(HashMap::new);

  private final AtomicInteger waiting = new AtomicInteger();

  /** Everything applied before this ({@link System#nanoTime}) is stored: at first, nothing was. */
  private final AtomicLong storedThrough = new AtomicLong(System.nanoTime());

  private volatile boolean atOnce;
  private volatile boolean running;

  private record Applied(Acknowledgment acknowledgment, long at) {}

  WrittenBehind(Unflushed projections, MeterRegistry meters) {
    this.projections = projections;
    this.failures =
        Counter.builder("projection.write.behind.failures")
            .description("Flushes of the order views written behind that failed (kept, retried)")
            .register(meters);
    Gauge.builder("projection.write.behind.views", projections, Unflushed::unstoredViews)
        .description("Order views changed in memory and not stored yet")
        .register(meters);
  }

  /** A poll's records were applied (on its consumer's thread): it is committed once stored. */
  void applied(Acknowledgment acknowledgment) {
    uncommitted.get().add(new Applied(acknowledgment, System.nanoTime()));
    waiting.incrementAndGet();
  }

  /**
   * On a consumer's thread, at the end of a poll and when idle: flushes if due (or held for a
   * switch), then commits this consumer's polls that are stored. A failed flush is logged and
   * counted, and tried again at the next look.
   */
  void flushIfDueAndCommit(Consumer<?, ?> consumer) {
    var due = projections.flushDueAt();
    if (atOnce || due.isEmpty() || System.nanoTime() - due.getAsLong() >= 0) {
      try {
        if (atOnce) {
          flush();
        } else {
          stored(projections.flushDue());
        }
      } catch (RuntimeException e) {
        failures.increment();
        log.warn("Could not store the order views written behind; trying again: {}", e.toString());
      }
    }
    commitStored(consumer);
  }

  /**
   * On a consumer's thread, before its partitions are revoked: flushes everything and commits this
   * consumer's polls, or throws what the flush threw, having committed nothing.
   */
  void flushAllAndCommit(Consumer<?, ?> consumer) {
    flush();
    commitStored(consumer);
  }

  /**
   * On a consumer's thread whose poll failed, before the error handler commits the records before
   * the one that failed: flushes everything and commits this consumer's earlier polls by their own
   * offsets, never its positions, which are past the record that failed and the records after it;
   * or throws what the flush threw, having committed nothing.
   */
  void flushAllBeforeFailure() {
    flush();
    commitPolls();
  }

  /** Flushes everything, committing nothing (partitions lost). */
  void flushAll() {
    flush();
  }

  /** On a consumer's thread whose partitions were lost: its polls can no longer be committed. */
  void forgetUncommitted() {
    var mine = uncommitted.get();
    waiting.addAndGet(-mine.size());
    mine.clear();
    committedPositions.get().clear();
  }

  /** While held for a switch, every look flushes and commits everything. */
  void atOnce(boolean held) {
    atOnce = held;
  }

  /** Nothing applied waits to be stored or committed. */
  boolean nothingWaiting() {
    return waiting.get() == 0 && projections.allFlushed();
  }

  private void flush() {
    stored(projections.flush());
  }

  /** Everything applied before {@code through} ({@link System#nanoTime}) is stored. */
  private void stored(long through) {
    storedThrough.accumulateAndGet(through, (one, other) -> other - one > 0 ? other : one);
  }

  private void commitStored(Consumer<?, ?> consumer) {
    var mine = uncommitted.get();
    var through = storedThrough.get();
    if (mine.isEmpty() || mine.getLast().at() - through <= 0) {
      waiting.addAndGet(-mine.size());
      mine.clear();
      commitPositions(consumer);
      return;
    }
    commitPolls();
  }

  /** Commits this consumer's polls that are stored, by their own offsets. */
  private void commitPolls() {
    var mine = uncommitted.get();
    var through = storedThrough.get();
    while (!mine.isEmpty() && mine.getFirst().at() - through <= 0) {
      var applied = mine.removeFirst();
      waiting.decrementAndGet();
      try {
        applied.acknowledgment().acknowledge();
      } catch (RuntimeException e) {
        // Not committed: delivered again after a restart or a rebalance, and skipped as known.
        log.warn("Could not commit a poll's offsets: {}", e.toString());
      }
    }
  }

  /**
   * Everything this consumer polled is stored, and its listener is between polls: commits its
   * positions where they moved.
   */
  private void commitPositions(Consumer<?, ?> consumer) {
    var last = committedPositions.get();
    var moved = new HashMap<TopicPartition, OffsetAndMetadata>();
    try {
      for (var partition : consumer.assignment()) {
        var position = consumer.position(partition);
        if (!Long.valueOf(position).equals(last.get(partition))) {
          moved.put(partition, new OffsetAndMetadata(position));
        }
      }
      if (!moved.isEmpty()) {
        consumer.commitSync(moved);
        moved.forEach((partition, offset) -> last.put(partition, offset.offset()));
      }
    } catch (RuntimeException e) {
      // Not committed: delivered again after a restart or a rebalance, and skipped as known.
      last.clear();
      log.warn("Could not commit this consumer's positions: {}", e.toString());
    }
  }

  /**
   * After the listener stopped: stores what it left; its offsets stay uncommitted (delivered again
   * after the restart, and skipped as known).
   */
  @Override
  public void stop() {
    running = false;
    try {
      projections.flush();
    } catch (RuntimeException e) {
      failures.increment();
      log.warn("Could not store the order views written behind at stop: {}", e.toString());
    }
    waiting.set(0);
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Started before the listener containers, stopped after them. */
  @Override
  public int getPhase() {
    return AbstractMessageListenerContainer.DEFAULT_PHASE - 100;
  }
}
