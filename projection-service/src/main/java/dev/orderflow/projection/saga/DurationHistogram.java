package dev.orderflow.projection.saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Durations counted into fixed buckets, like a Prometheus histogram: bounded in size however many
 * orders are counted, exact in count, sum and maximum, and mergeable across partitions. Percentiles
 * are estimated by linear interpolation within the bucket that holds them, so they are as precise
 * as the buckets are fine (a few per power of ten, from 10 ms to an hour).
 *
 * @param counts how many durations fell into each bucket of {@link #BOUNDS_MILLIS}, plus one
 *     overflow bucket
 */
public record DurationHistogram(List<Long> counts, long count, long sumMillis, long maxMillis) {

  /** The upper bounds (inclusive) of the buckets, in milliseconds. */
  public static final List<Long> BOUNDS_MILLIS =
      List.of(
          10L,
          25L,
          50L,
          100L,
          250L,
          500L,
          1_000L,
          2_500L,
          5_000L,
          10_000L,
          30_000L,
          60_000L,
          300_000L,
          900_000L,
          3_600_000L);

  public DurationHistogram {
    counts = List.copyOf(counts);
    if (counts.size() != BOUNDS_MILLIS.size() + 1) {
      throw new IllegalArgumentException("Expected " + (BOUNDS_MILLIS.size() + 1) + " buckets");
    }
  }

  public static DurationHistogram empty() {
    var counts = new ArrayList<Long>();
    for (int i = 0; i <= BOUNDS_MILLIS.size(); i++) {
      counts.add(0L);
    }
    return new DurationHistogram(counts, 0, 0, 0);
  }

  public DurationHistogram with(Duration duration) {
    var millis = Math.max(0, duration.toMillis());
    var bucket = 0;
    while (bucket < BOUNDS_MILLIS.size() && millis > BOUNDS_MILLIS.get(bucket)) {
      bucket++;
    }
    var next = new ArrayList<>(counts);
    next.set(bucket, next.get(bucket) + 1);
    return new DurationHistogram(next, count + 1, sumMillis + millis, Math.max(maxMillis, millis));
  }

  public DurationHistogram plus(DurationHistogram other) {
    var next = new ArrayList<Long>();
    for (int i = 0; i < counts.size(); i++) {
      next.add(counts.get(i) + other.counts.get(i));
    }
    return new DurationHistogram(
        next,
        count + other.count,
        sumMillis + other.sumMillis,
        Math.max(maxMillis, other.maxMillis));
  }

  /** The mean in milliseconds; 0 when nothing was counted. */
  public double meanMillis() {
    return count == 0 ? 0 : (double) sumMillis / count;
  }

  /**
   * The estimated {@code quantile} (0 to 1) in milliseconds: interpolated within its bucket, and
   * never above the largest duration seen. 0 when nothing was counted.
   */
  public double percentileMillis(double quantile) {
    if (count == 0) {
      return 0;
    }
    var rank = quantile * count;
    long seen = 0;
    for (int bucket = 0; bucket < counts.size(); bucket++) {
      var inBucket = counts.get(bucket);
      if (inBucket > 0 && seen + inBucket >= rank) {
        double lower = bucket == 0 ? 0 : BOUNDS_MILLIS.get(bucket - 1);
        double upper = bucket < BOUNDS_MILLIS.size() ? BOUNDS_MILLIS.get(bucket) : maxMillis;
        var estimate = lower + (upper - lower) * ((rank - seen) / inBucket);
        return Math.min(estimate, maxMillis);
      }
      seen += inBucket;
    }
    return maxMillis;
  }
}
