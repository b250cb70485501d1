package dev.orderflow.order.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminders whose removals wait and go to the store together (issue 19): a decided order's reminder
 * is forgotten at the next flush, every {@code interval}, with one write for every order decided
 * since, instead of a write per batch of replies. A reminder is a hint (ADR 9), so one that stays a
 * moment longer, or for good after a crash, costs the deadline sweep a load of an order it then
 * finds decided, never a wrong decision.
 *
 * <ul>
 *   <li>{@link #placedBefore} flushes first, so the sweep never loads an order this process already
 *       knows is decided.
 *   <li>A reminder added again after its removal was asked for stays: the add takes the removal
 *       back, and a flush under way finishes its write before the add writes.
 *   <li>A flush that fails keeps its removals for the next one; the failure is logged and counted.
 *       At most {@code capacity} removals wait: beyond that the oldest are given up (counted), and
 *       the sweep drops their reminders when it finds their orders decided.
 *   <li>{@link #close} flushes what is left.
 * </ul>
 *
 * With an {@code interval} of zero every removal is written at once, as the store alone would.
 */
public final class DeferredRemovals implements PendingOrders, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeferredRemovals.class);

  private final PendingOrders store;
  private final int capacity;
  private final Runnable failed;
  private final Runnable dropped;
  private final LinkedHashSet<String> waiting = new LinkedHashSet<>();
  private final @Nullable ScheduledExecutorService flusher;
  private volatile boolean closed;

  /**
   * @param failed hears every flush that failed
   * @param dropped hears every removal given up because {@code capacity} were waiting
   */
  public DeferredRemovals(
      PendingOrders store, Duration interval, int capacity, Runnable failed, Runnable dropped) {
    if (interval.isNegative() || capacity < 1) {
      throw new IllegalArgumentException(
          "Deferred removals need an interval >= 0 and a capacity >= 1");
    }
    this.store = store;
    this.capacity = capacity;
    this.failed = failed;
    this.dropped = dropped;
    if (interval.isZero()) {
      this.flusher = null;
    } else {
      this.flusher =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("order-reminder-removals").factory());
      var every = interval.toMillis();
      var unused = flusher.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void add(String orderId, Instant placedAt) {
    takeBack(List.of(orderId));
    store.add(orderId, placedAt);
  }

  @Override
  public void addAll(Map<String, Instant> placedAt) {
    takeBack(placedAt.keySet());
    store.addAll(placedAt);
  }

  @Override
  public void remove(String orderId) {
    removeAll(List.of(orderId));
  }

  /** Waits for the next flush; written at once when there is no interval. */
  @Override
  public void removeAll(Collection<String> orderIds) {
    if (orderIds.isEmpty()) {
      return;
    }
    if (flusher == null || closed) {
      store.removeAll(orderIds);
      return;
    }
    int over = 0;
    synchronized (waiting) {
      waiting.addAll(orderIds);
      for (var oldest = waiting.iterator(); waiting.size() > capacity; over++) {
        oldest.next();
        oldest.remove();
      }
    }
    if (over > 0) {
      for (int i = 0; i < over; i++) {
        dropped.run();
      }
      log.warn(
          "Gave up the removal of {} deadline reminders: more than {} waited, since flushes fail;"
              + " the sweep drops them when it finds their orders decided",
          over,
          capacity);
    }
  }

  @Override
  public List<String> placedBefore(Instant cutoff, int limit) {
    flush();
    return store.placedBefore(cutoff, limit);
  }

  /** How many removals wait for the next flush. */
  public int waiting() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  /**
   * Writes the removals waiting, with one write; keeps them if it fails. The lock is held through
   * the write, so an add of the same order waits for it and writes after it.
   */
  public void flush() {
    synchronized (waiting) {
      if (waiting.isEmpty()) {
        return;
      }
      try {
        store.removeAll(new ArrayList<>(waiting));
        waiting.clear();
      } catch (RuntimeException e) {
        failed.run();
        log.warn(
            "Could not forget the deadline reminders of {} decided orders; trying again at the"
                + " next flush: {}",
            waiting.size(),
            e.toString());
      }
    }
  }

  /** Flushes what waits and stops the flusher; a removal after that is written at once. */
  @Override
  public void close() {
    closed = true;
    if (flusher != null) {
      flusher.shutdown();
      try {
        var unused = flusher.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flush();
  }

  private void takeBack(Collection<String> orderIds) {
    if (flusher == null) {
      return;
    }
    synchronized (waiting) {
      if (!waiting.isEmpty()) {
        orderIds.forEach(waiting::remove);
      }
    }
  }
}
