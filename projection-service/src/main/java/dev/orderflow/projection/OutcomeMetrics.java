package dev.orderflow.projection;

import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Parked;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts what events did to one read model: {@code projection_events_applied_total} and {@code
 * projection_events_skipped_total{reason}}, each tagged with the read model and the {@link Intake}.
 * Skips are expected under at-least-once delivery, but a climbing {@code early} count means a gap
 * that is not being filled, so none is skipped silently. Every counter is registered up front, so a
 * dashboard shows zero rather than no data. No base unit: Prometheus would append it to the names
 * above.
 */
public final class OutcomeMetrics {

  private final Counter applied;
  private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);

  public OutcomeMetrics(String readModel, Intake intake, MeterRegistry meters) {
    applied =
        Counter.builder("projection.events.applied")
            .description("Events that changed a read model")
            .tag("projection", readModel)
            .tag("intake", intake.tag())
            .register(meters);
    for (var reason : SkipReason.values()) {
      skipped.put(
          reason,
          Counter.builder("projection.events.skipped")
              .description("Events that did not change a read model when they arrived, by reason")
              .tag("projection", readModel)
              .tag("intake", intake.tag())
              .tag("reason", reason.tag())
              .register(meters));
    }
  }

  public void count(ProjectionOutcome<?> outcome) {
    switch (outcome) {
      case Applied<?> a -> applied.increment();
      case Parked<?> p -> skipped(SkipReason.EARLY);
      case Skipped<?> s -> skipped(s.reason());
    }
  }

  public void applied() {
    applied.increment();
  }

  public void skipped(SkipReason reason) {
    // Registered for every reason in the constructor.
    Objects.requireNonNull(skipped.get(reason)).increment();
  }
}
