package dev.orderflow.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A count read from the database for a gauge: read on a schedule by its owner ({@link #refresh}),
 * never at a scrape, so a scrape costs no query and waits for no database. It never shows a number
 * it does not know: while the last read failed, or the last good one is older than {@code
 * staleAfter} (the reads stopped or hang), the gauge is NaN, not its last value nor 0; and {@code
 * <name>.read.age} ({@code <name>_read_age_seconds} in Prometheus) says how long ago it was last
 * read successfully (since start, before the first), so an alert can tell "none" from "unknown".
 */
public final class StoredCount {

  private static final Logger log = LoggerFactory.getLogger(StoredCount.class);

  private final String name;
  private final Duration staleAfter;
  private final long started = System.nanoTime();
  private volatile double value = Double.NaN;
  private volatile long readAt;
  private volatile boolean read;
  private volatile boolean failing;

  private StoredCount(String name, Duration staleAfter) {
    this.name = name;
    this.staleAfter = staleAfter;
  }

  /**
   * Registers the gauge {@code name} (with {@code baseUnit}, if any) and its read age.
   *
   * @param staleAfter how old a reading may be before the gauge is NaN: a few times the interval at
   *     which the owner refreshes it
   */
  public static StoredCount register(
      String name, String description, String baseUnit, Duration staleAfter, MeterRegistry meters) {
    return register(name, description, baseUnit, staleAfter, Tags.empty(), meters);
  }

  /** As {@link #register(String, String, String, Duration, MeterRegistry)}, one series of many. */
  public static StoredCount register(
      String name,
      String description,
      String baseUnit,
      Duration staleAfter,
      Tags tags,
      MeterRegistry meters) {
    var count = new StoredCount(tags.stream().findAny().isEmpty() ? name : name + tags, staleAfter);
    var gauge =
        Gauge.builder(name, count, StoredCount::value)
            .tags(tags)
            .description(description + "; NaN while it cannot be read");
    if (!baseUnit.isEmpty()) {
      gauge.baseUnit(baseUnit);
    }
    gauge.register(meters);
    Gauge.builder(name + ".read.age", count, StoredCount::ageSeconds)
        .tags(tags)
        .description("Seconds since " + name + " was last read from the database")
        .baseUnit("seconds")
        .register(meters);
    return count;
  }

  /**
   * Reads the count now; a read that fails makes the gauge NaN until one succeeds (logged once per
   * outage, at the first failure).
   */
  public void refresh(LongSupplier read) {
    try {
      var counted = read.getAsLong();
      value = counted;
      readAt = System.nanoTime();
      this.read = true;
      if (failing) {
        failing = false;
        log.info("{} can be read again", name);
      }
    } catch (RuntimeException e) {
      value = Double.NaN;
      if (!failing) {
        failing = true;
        log.warn("{} cannot be read, it shows NaN until it can: {}", name, e.toString());
      }
    }
  }

  /** The last count, or NaN if it failed, was never read, or is older than {@code staleAfter}. */
  public double value() {
    if (!read || System.nanoTime() - readAt > staleAfter.toNanos()) {
      return Double.NaN;
    }
    return value;
  }

  /** Seconds since the last successful read, or since this count was registered. */
  public double ageSeconds() {
    var since = read ? readAt : started;
    return (System.nanoTime() - since) / 1e9;
  }
}
