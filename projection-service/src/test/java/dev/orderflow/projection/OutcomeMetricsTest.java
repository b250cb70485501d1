package dev.orderflow.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Parked;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class OutcomeMetricsTest {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final OutcomeMetrics metrics = new OutcomeMetrics("order", Intake.LIVE, meters);

  @Test
  void every_counter_exists_at_zero_before_the_first_event() {
    for (var reason : SkipReason.values()) {
      assertThat(skipped(reason)).isZero();
    }
    assertThat(meters.get("projection.events.applied").tag("projection", "order").counter().count())
        .isZero();
  }

  @Test
  void a_parked_event_counts_as_skipped_early_and_a_skip_by_its_reason() {
    metrics.count(new Parked<>("view"));
    metrics.count(new Skipped<>("view", SkipReason.DUPLICATE));
    metrics.count(new Skipped<>("view", SkipReason.DUPLICATE));
    metrics.count(new Applied<>("view"));

    assertThat(skipped(SkipReason.EARLY)).isEqualTo(1);
    assertThat(skipped(SkipReason.DUPLICATE)).isEqualTo(2);
    assertThat(skipped(SkipReason.STALE)).isZero();
    assertThat(meters.get("projection.events.applied").tag("projection", "order").counter().count())
        .isEqualTo(1);
  }

  private double skipped(SkipReason reason) {
    return meters
        .get("projection.events.skipped")
        .tag("projection", "order")
        .tag("reason", reason.tag())
        .counter()
        .count();
  }
}
