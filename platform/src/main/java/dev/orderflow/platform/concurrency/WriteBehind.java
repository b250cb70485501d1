package dev.orderflow.platform.concurrency;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes of tidying-up that wait and go to the store together (issue 19): values by key, given to
 * the writer every {@code interval} in one call, instead of one write per caller. Meant for writes
 * whose delay, or loss in a crash, costs a later reader some work and never a wrong answer (a
 * reminder of a decided order, a stock marker of a final reservation).
 *
 * <ul>
 *   <li>A key given twice waits once, its values merged.
 *   <li>{@link #take} hands a key's value to a caller that writes it on its own (with a write it
 *       makes anyway); {@link #whileNotFlushing} runs such a caller, or one that must not write
 *       between a flush's read of the waiting values and its write, with no flush under way.
 *   <li>A flush that fails keeps its values for the next one; the failure is logged and counted. At
 *       most {@code capacity} keys wait: beyond that the oldest are given up (logged, counted).
 *   <li>A value may wait more than one flush, for a write that may yet take it ({@code stays}: a
 *       placement's mark waits for its order's decision, order-service); {@link #close} writes it.
 *   <li>{@link #close} flushes what is left; after it, and with an interval of zero, every value is
 *       written at once.
 * </ul>
 *
 * @param <K> what a value is about (an order id, a sku)
 * @param <V> what to write about it
 */
public final class WriteBehind<K, V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);

  /** What waits, named in the log lines: "removals of deadline reminders", "stock markers". */
  private final String what;

  private final int capacity;
  private final BinaryOperator<V> merge;
  private final Function<V, @Nullable V> stays;
  private final Consumer<Map<K, V>> writer;
  private final Runnable failed;
  private final Runnable dropped;
  private final LinkedHashMap<K, V> waiting = new LinkedHashMap<>();

  /** Read: work that takes or must not interleave with a flush; write: a flush. */
  private final ReentrantReadWriteLock flushing = new ReentrantReadWriteLock();

  private final @Nullable ScheduledExecutorService flusher;
  private volatile boolean closed;

  /**
   * @param what what waits, as the log lines name it
   * @param interval how long values wait; zero writes each at once
   * @param merge the value of a key given again while it waits
   * @param writer writes the values given, all of them or none (it throws)
   * @param failed hears every flush that failed
   * @param dropped hears every key given up because {@code capacity} were waiting
   */
  public WriteBehind(
      String what,
      Duration interval,
      int capacity,
      BinaryOperator<V> merge,
      Consumer<Map<K, V>> writer,
      Runnable failed,
      Runnable dropped) {
    this(what, interval, capacity, merge, value -> null, writer, failed, dropped);
  }

  /**
   * Values some of which wait more than one flush.
   *
   * @param stays asked at each flush of each value waiting: what it waits as until the next flush,
   *     or {@code null} to write it now (never asked when closing)
   */
  public WriteBehind(
      String what,
      Duration interval,
      int capacity,
      BinaryOperator<V> merge,
      Function<V, @Nullable V> stays,
      Consumer<Map<K, V>> writer,
      Runnable failed,
      Runnable dropped) {
    if (interval.isNegative() || capacity < 1) {
      throw new IllegalArgumentException("Writes behind need an interval >= 0 and a capacity >= 1");
    }
    this.what = what;
    this.capacity = capacity;
    this.merge = merge;
    this.stays = stays;
    this.writer = writer;
    this.failed = failed;
    this.dropped = dropped;
    if (interval.isZero()) {
      this.flusher = null;
    } else {
      this.flusher =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("write-behind " + what).factory());
      var every = interval.toMillis();
      var unused = flusher.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Waits for the next flush; written at once when there is no interval or after closing. */
  public void addAll(Map<K, V> values) {
    if (values.isEmpty()) {
      return;
    }
    if (flusher == null || closed) {
      writer.accept(values);
      return;
    }
    int over;
    synchronized (waiting) {
      values.forEach((key, value) -> waiting.merge(key, value, merge));
      over = beyondCapacityGivenUp();
    }
    announceGivenUp(over);
  }

  /** Gives up the oldest keys beyond the capacity, holding {@code waiting}; how many. */
  private int beyondCapacityGivenUp() {
    int over = 0;
    for (var oldest = waiting.keySet().iterator(); waiting.size() > capacity; over++) {
      oldest.next();
      oldest.remove();
    }
    return over;
  }

  private void announceGivenUp(int over) {
    if (over > 0) {
      for (int i = 0; i < over; i++) {
        dropped.run();
      }
      log.warn(
          "Gave up {} {}: more than {} waited, since flushes fail; they are left as they are",
          over,
          what,
          capacity);
    }
  }

  /** The value waiting for {@code key}, no longer waiting; {@code null} if none waits. */
  public @Nullable V take(K key) {
    synchronized (waiting) {
      return waiting.isEmpty() ? null : waiting.remove(key);
    }
  }

  /** Runs {@code work} with no flush under way; flushes wait for it, and it for a flush. */
  public <T> T whileNotFlushing(Supplier<T> work) {
    var lock = flushing.readLock();
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /** {@link #whileNotFlushing(Supplier)}, for work that answers nothing. */
  public void whileNotFlushing(Runnable work) {
    whileNotFlushing(() -> {
      work.run();
      return Boolean.TRUE;
    });
  }

  /** How many keys wait for the next flush. */
  public int waiting() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  /**
   * Writes the values waiting, but those that stay, with one call of the writer; keeps them if it
   * fails. Work in {@link #whileNotFlushing} waits for the write to end, and the write for such
   * work under way.
   */
  public void flush() {
    var lock = flushing.writeLock();
    lock.lock();
    try {
      var batch = new LinkedHashMap<K, V>();
      synchronized (waiting) {
        for (var entry = waiting.entrySet().iterator(); entry.hasNext(); ) {
          var value = entry.next();
          var staying = closed ? null : stays.apply(value.getValue());
          if (staying == null) {
            batch.put(value.getKey(), value.getValue());
            entry.remove();
          } else {
            value.setValue(staying);
          }
        }
      }
      if (batch.isEmpty()) {
        return;
      }
      try {
        writer.accept(batch);
      } catch (RuntimeException e) {
        failed.run();
        log.warn(
            "Could not write {} {}; trying again at the next flush: {}",
            batch.size(),
            what,
            e.toString());
        int over;
        synchronized (waiting) {
          // Back in front of what came meanwhile, so the capacity gives up the oldest first.
          var meanwhile = new LinkedHashMap<>(waiting);
          waiting.clear();
          waiting.putAll(batch);
          meanwhile.forEach((key, value) -> waiting.merge(key, value, merge));
          over = beyondCapacityGivenUp();
        }
        announceGivenUp(over);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Flushes what waits and stops the flusher; a value given after that is written at once. */
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
}
