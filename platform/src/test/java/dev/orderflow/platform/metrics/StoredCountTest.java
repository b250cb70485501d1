package dev.orderflow.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A count read on a schedule: its value while fresh, NaN when unknown, never a stale number. */
class StoredCountTest {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  @Test
  void before_its_first_read_the_count_is_unknown_and_its_age_counts_from_the_start() {
    StoredCount.register("things.overdue", "Things overdue", "", Duration.ofSeconds(30), meters);

    assertThat(gauge("things.overdue")).isNaN();
    assertThat(gauge("things.overdue.read.age")).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void a_read_shows_its_count_and_a_fresh_age() {
    var count =
        StoredCount.register(
            "things.overdue", "Things overdue", "", Duration.ofSeconds(30), meters);

    count.refresh(() -> 7);

    assertThat(gauge("things.overdue")).isEqualTo(7.0);
    assertThat(gauge("things.overdue.read.age")).isLessThan(1.0);
  }

  @Test
  void while_the_store_fails_the_count_is_nan_not_its_last_value_and_it_recovers_with_a_read() {
    var count =
        StoredCount.register(
            "things.overdue", "Things overdue", "", Duration.ofSeconds(30), meters);
    count.refresh(() -> 7);

    count.refresh(() -> {
      throw new IllegalStateException("MongoDB away");
    });

    assertThat(gauge("things.overdue")).isNaN();
    count.refresh(() -> 0);
    assertThat(gauge("things.overdue")).isZero();
  }

  @Test
  void a_reading_older_than_its_bound_is_nan_and_its_age_keeps_growing() {
    var count =
        StoredCount.register(
            "things.overdue", "Things overdue", "", Duration.ofMillis(200), meters);
    count.refresh(() -> 7);
    assertThat(gauge("things.overdue")).isEqualTo(7.0);

    // Nobody refreshes it (the reads hang, or stopped).
    await("the reading gone stale")
        .atMost(Duration.ofSeconds(2))
        .until(() -> Double.isNaN(gauge("things.overdue")));
    assertThat(gauge("things.overdue.read.age")).isGreaterThanOrEqualTo(0.2);
  }

  @Test
  void the_gauge_has_its_unit() {
    StoredCount.register(
        "outbox.backlog", "Events not published", "events", Duration.ofSeconds(30), meters);

    assertThat(meters.get("outbox.backlog").gauge().getId().getBaseUnit()).isEqualTo("events");
    assertThat(meters.get("outbox.backlog.read.age").gauge().getId().getBaseUnit())
        .isEqualTo("seconds");
  }
}
