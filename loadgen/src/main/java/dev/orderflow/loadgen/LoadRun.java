package dev.orderflow.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One stretch of load: clients place orders (at a fixed rate, or each as fast as it can) until the
 * time is up, then the run waits a while for the orders still undecided. Each order is timed from
 * the {@code 202} of its POST to its {@code CONFIRMED} arriving on the live stream ({@link
 * LiveDecisions}), in microseconds, in an HdrHistogram. A run that does not await decisions only
 * places orders and times their POST.
 */
final class LoadRun implements LiveDecisions.Listener {

  /** How long the orders placed last may take to be decided before they count as undecided. */
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private static final long HOUR_MICROS = TimeUnit.HOURS.toMicros(1);

  private final OrderApi api;
  private final Mix mix;
  private final boolean awaitDecisions;
  private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> decidedEarly = new ConcurrentHashMap<>();
  private final Histogram confirmation = new ConcurrentHistogram(HOUR_MICROS, 3);
  private final Histogram post = new ConcurrentHistogram(HOUR_MICROS, 3);
  private final LongAdder placed = new LongAdder();
  private final LongAdder confirmed = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final long resentBefore;

  /**
   * @param awaitDecisions whether each order is followed to its decision (the caller feeds the live
   *     stream to {@link #status(String, String, long)}), or only placed
   */
  LoadRun(OrderApi api, Mix mix, boolean awaitDecisions) {
    this.api = api;
    this.mix = mix;
    this.awaitDecisions = awaitDecisions;
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
    long drainUntil = System.nanoTime() + DRAIN.toNanos();
    while (!acceptedAt.isEmpty() && System.nanoTime() < drainUntil) {
      Thread.sleep(100);
    }
    progress.stop();
    return result(Duration.ofNanos(placing));
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
      var early = decidedEarly.remove(orderId.get());
      if (early != null) {
        confirmedAt(orderId.get(), accepted, Math.max(early, accepted));
      } else {
        acceptedAt.put(orderId.get(), accepted);
        // The decision may have arrived between the response and the put.
        var racing = decidedEarly.remove(orderId.get());
        if (racing != null && acceptedAt.remove(orderId.get()) != null) {
          confirmedAt(orderId.get(), accepted, Math.max(racing, accepted));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failed.increment();
    }
  }

  @Override
  public void status(String orderId, String status, long arrivedNanos) {
    switch (status) {
      case "CONFIRMED" -> {
        var accepted = acceptedAt.remove(orderId);
        if (accepted != null) {
          confirmedAt(orderId, accepted, arrivedNanos);
        } else {
          decidedEarly.put(orderId, arrivedNanos);
        }
      }
      case "REJECTED" -> {
        if (acceptedAt.remove(orderId) != null) {
          rejected.increment();
        }
      }
      default -> {}
    }
  }

  private void confirmedAt(String orderId, long accepted, long arrived) {
    confirmation.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(arrived - accepted)));
    confirmed.increment();
    if (mix.cancelAfterConfirmation()) {
      Thread.ofVirtual()
          .start(() -> {
            try {
              api.cancel(orderId);
              cancelled.increment();
            } catch (Exception e) {
              failed.increment();
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

  private Result result(Duration placing) {
    double seconds = placing.toNanos() / 1e9;
    var percentiles = new ArrayList<Double>();
    for (double percentile : new double[] {50, 95, 99, 99.9}) {
      percentiles.add(confirmation.getValueAtPercentile(percentile) / 1000.0);
    }
    return new Result(
        seconds,
        placed.sum(),
        confirmed.sum(),
        rejected.sum(),
        cancelled.sum(),
        failed.sum(),
        acceptedAt.size(),
        placed.sum() / seconds,
        confirmed.sum() / seconds,
        percentiles.get(0),
        percentiles.get(1),
        percentiles.get(2),
        percentiles.get(3),
        confirmation.getMaxValue() / 1000.0,
        post.getValueAtPercentile(99) / 1000.0,
        api.resent() - resentBefore);
  }
}
