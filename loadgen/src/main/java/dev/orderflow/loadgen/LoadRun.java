package dev.orderflow.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * One stretch of load: clients place orders (at a fixed rate, or each as fast as it can) until the
 * time is up, then the run waits a while for the orders still undecided. Each order is timed from
 * the {@code 202} of its POST to its {@code CONFIRMED} arriving on the live stream ({@link
 * LiveDecisions}), in microseconds, in an HdrHistogram. A run that does not await decisions only
 * places orders and times their POST.
 *
 * <p>A run <em>kept up</em> with its load when the clients placed what was offered (within 2 %), at
 * least 98 % of the orders placed (and of those that failed) were decided before the planned end of
 * the run, and none was still undecided after the drain.
 */
final class LoadRun implements LiveDecisions.Listener {

  /** How long the orders placed last may take to be decided before they count as undecided. */
  static final Duration DRAIN = Duration.ofSeconds(30);

  /** The share of the orders that must be decided within the run for it to have kept up. */
  static final double KEPT_UP = 0.98;

  /**
   * What is known of an order so far: it was accepted at a time and awaits its decision, or its
   * decision arrived on the stream before the POST that placed it returned.
   */
  private sealed interface Pending {}

  private record Accepted(long atNanos) implements Pending {}

  private record Early(String status, long arrivedNanos) implements Pending {}

  private static final long HOUR_MICROS = TimeUnit.HOURS.toMicros(1);

  private final OrderApi api;
  private final Mix mix;
  private final boolean awaitDecisions;

  /**
   * Orders by id, each changed atomically, so that a decision and its 202 never miss each other.
   */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private final LongAdder awaiting = new LongAdder();
  private final Histogram confirmation = new ConcurrentHistogram(HOUR_MICROS, 3);
  private final Histogram post = new ConcurrentHistogram(HOUR_MICROS, 3);
  private final LongAdder placed = new LongAdder();
  private final LongAdder confirmed = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder cancelsFailed = new LongAdder();
  private final LongAdder decidedInWindow = new LongAdder();
  private final long resentBefore;
  private final Duration drain;

  /** The planned end of the run, in {@link System#nanoTime()}; a decision after it is late. */
  private volatile long windowEnd = Long.MAX_VALUE;

  /**
   * @param awaitDecisions whether each order is followed to its decision (the caller feeds the live
   *     stream to {@link #status(String, String, long)}), or only placed
   */
  LoadRun(OrderApi api, Mix mix, boolean awaitDecisions) {
    this(api, mix, awaitDecisions, DRAIN);
  }

  /**
   * @param drain how long the run waits, after placing its last order, for the decisions still
   *     outstanding
   */
  LoadRun(OrderApi api, Mix mix, boolean awaitDecisions, Duration drain) {
    this.api = api;
    this.mix = mix;
    this.awaitDecisions = awaitDecisions;
    this.drain = drain;
    this.resentBefore = api.resent();
  }

  /**
   * Applies the load for {@code duration}, then waits for the decisions.
   *
   * @param rate orders per second over all clients, or 0 for as fast as they can
   */
  Result run(double rate, int clients, Duration duration, Progress progress)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    windowEnd = end;
    long interval = rate > 0 ? (long) (1e9 / rate) : 0;
    var nextSlot = new AtomicLong(start);
    progress.start(duration, this::status);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < clients; i++) {
        pool.submit(() -> {
          while (true) {
            if (interval > 0) {
              long slot = nextSlot.getAndAdd(interval);
              if (slot >= end) {
                return null;
              }
              LockSupport.parkNanos(slot - System.nanoTime());
            } else if (System.nanoTime() >= end) {
              return null;
            }
            placeOne();
          }
        });
      }
    }
    long placing = System.nanoTime() - start;
    long drainUntil = System.nanoTime() + drain.toNanos();
    while (awaiting.sum() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(100);
    }
    progress.stop();
    return result(rate, duration, Duration.ofNanos(placing));
  }

  private void placeOne() {
    try {
      long sent = System.nanoTime();
      var orderId = api.place(mix.next());
      long accepted = System.nanoTime();
      post.recordValue(TimeUnit.NANOSECONDS.toMicros(accepted - sent));
      if (orderId.isEmpty()) {
        failed.increment();
        return;
      }
      placed.increment();
      if (!awaitDecisions) {
        return;
      }
      var id = orderId.get();
      var early = new AtomicReference<@Nullable Early>();
      pending.compute(
          id,
          (key, known) -> {
            if (known instanceof Early decision) {
              early.set(decision);
              return null;
            }
            awaiting.increment();
            return new Accepted(accepted);
          });
      var decision = early.get();
      if (decision != null) {
        decided(id, decision.status(), accepted, Math.max(decision.arrivedNanos(), accepted));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failed.increment();
    }
  }

  @Override
  public void status(String orderId, String status, long arrivedNanos) {
    if (!status.equals("CONFIRMED") && !status.equals("REJECTED")) {
      return;
    }
    var accepted = new AtomicReference<@Nullable Accepted>();
    pending.compute(
        orderId,
        (key, known) -> {
          if (known instanceof Accepted order) {
            accepted.set(order);
            awaiting.decrement();
            return null;
          }
          return known == null ? new Early(status, arrivedNanos) : known;
        });
    var order = accepted.get();
    if (order != null) {
      decided(orderId, status, order.atNanos(), arrivedNanos);
    }
  }

  /** Counts an order's decision, confirmed or rejected, that arrived at {@code arrived}. */
  private void decided(String orderId, String status, long accepted, long arrived) {
    if (arrived <= windowEnd) {
      decidedInWindow.increment();
    }
    if (status.equals("REJECTED")) {
      rejected.increment();
      return;
    }
    confirmation.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(arrived - accepted)));
    confirmed.increment();
    if (mix.cancelAfterConfirmation()) {
      Thread.ofVirtual()
          .start(() -> {
            try {
              if (api.cancel(orderId)) {
                cancelled.increment();
              } else {
                cancelsFailed.increment();
              }
            } catch (Exception e) {
              cancelsFailed.increment();
            }
          });
    }
  }

  private String status() {
    if (!awaitDecisions) {
      return "placed %d, failed %d".formatted(placed.sum(), failed.sum());
    }
    return "placed %d, confirmed %d, p99 %.0f ms"
        .formatted(
            placed.sum(),
            confirmed.sum(),
            confirmation.getTotalCount() == 0
                ? 0.0
                : confirmation.getValueAtPercentile(99) / 1000.0);
  }

  private Result result(double rate, Duration planned, Duration placing) {
    double seconds = placing.toNanos() / 1e9;
    double window = planned.toNanos() / 1e9;
    long undecided = awaiting.sum();
    // Every slot before the end is placed in the end, however late: placing on time means placing
    // within the window (and a little more for the last POSTs), with few POSTs failed.
    boolean placedWhatWasOffered =
        rate == 0 || (placed.sum() >= KEPT_UP * rate * window && seconds <= window / KEPT_UP);
    boolean keptUp =
        awaitDecisions
            && placed.sum() > 0
            && placedWhatWasOffered
            && decidedInWindow.sum() >= KEPT_UP * (placed.sum() + failed.sum())
            && undecided == 0;
    var percentiles = new ArrayList<Double>();
    for (double percentile : new double[] {50, 95, 99, 99.9}) {
      percentiles.add(confirmation.getValueAtPercentile(percentile) / 1000.0);
    }
    return new Result(
        rate,
        seconds,
        placed.sum(),
        confirmed.sum(),
        rejected.sum(),
        cancelled.sum(),
        cancelsFailed.sum(),
        failed.sum(),
        undecided,
        decidedInWindow.sum(),
        placed.sum() / seconds,
        decidedInWindow.sum() / window,
        confirmed.sum() / seconds,
        percentiles.get(0),
        percentiles.get(1),
        percentiles.get(2),
        percentiles.get(3),
        confirmation.getMaxValue() / 1000.0,
        post.getValueAtPercentile(99) / 1000.0,
        api.resent() - resentBefore,
        keptUp);
  }
}
