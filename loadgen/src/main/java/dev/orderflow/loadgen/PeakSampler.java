package dev.orderflow.loadgen;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.function.DoubleSupplier;

/**
 * The highest value a reading took while it was sampled: for the stack's resident memory during the
 * measured run, which swings with every full collection, so that one reading at the end says
 * little. A reading that fails is skipped (a part restarting, say).
 */
final class PeakSampler implements AutoCloseable {

  private final DoubleSupplier reading;
  private final DoubleAccumulator peak = new DoubleAccumulator(Math::max, Double.NEGATIVE_INFINITY);
  private final ScheduledExecutorService sampling =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("peak-sampler").factory());

  PeakSampler(DoubleSupplier reading) {
    this.reading = reading;
  }

  /** Takes a reading now and then every {@code period} until closed. */
  void start(Duration period) {
    sampling.scheduleAtFixedRate(this::sample, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The highest reading so far and {@code last}, a reading the caller took itself. */
  double peak(double last) {
    return Math.max(peak.get(), last);
  }

  private void sample() {
    try {
      peak.accumulate(reading.getAsDouble());
    } catch (RuntimeException e) {
      // The next reading counts; one missing is not worth ending the sampling for.
    }
  }

  @Override
  public void close() {
    sampling.shutdownNow();
  }
}
