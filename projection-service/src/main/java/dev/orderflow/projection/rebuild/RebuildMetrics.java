package dev.orderflow.projection.rebuild;

import dev.orderflow.projection.generation.ProjectionName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * {@code projection_rebuild_progress{projection}} (0 to 1; 1 when no rebuild runs), {@code
 * projection_rebuilds_total{projection,outcome}} ({@code switched}, {@code failed}, {@code
 * stopped}), {@code projection_rebuild_restarts_total{projection}} (attempts started again because
 * MongoDB or Kafka could not be reached) and {@code
 * projection_rebuild_records_unreadable_total{projection}} (values that are not events, which the
 * live side dead-lettered and a replay skips). All registered up front.
 */
@Component
class RebuildMetrics {

  enum Outcome {
    SWITCHED,
    FAILED,
    STOPPED
  }

  private final Map<ProjectionName, AtomicLong> progressPerMille =
      new EnumMap<>(ProjectionName.class);
  private final Map<ProjectionName, Map<Outcome, Counter>> outcomes =
      new EnumMap<>(ProjectionName.class);
  private final Map<ProjectionName, Counter> unreadable = new EnumMap<>(ProjectionName.class);
  private final Map<ProjectionName, Counter> restarts = new EnumMap<>(ProjectionName.class);

  RebuildMetrics(MeterRegistry meters) {
    for (var name : ProjectionName.values()) {
      var progress = new AtomicLong(1000);
      progressPerMille.put(name, progress);
      Gauge.builder("projection.rebuild.progress", progress, p -> p.get() / 1000.0)
          .description("How far the running rebuild is, 0 to 1; 1 when none runs")
          .tag("projection", name.id())
          .register(meters);
      var byOutcome = new EnumMap<Outcome, Counter>(Outcome.class);
      for (var outcome : Outcome.values()) {
        byOutcome.put(
            outcome,
            Counter.builder("projection.rebuilds")
                .description("Rebuilds that ended, by how")
                .tag("projection", name.id())
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meters));
      }
      outcomes.put(name, byOutcome);
      restarts.put(
          name,
          Counter.builder("projection.rebuild.restarts")
              .description(
                  "Rebuild attempts started again from the beginning because MongoDB or Kafka"
                      + " could not be reached")
              .tag("projection", name.id())
              .register(meters));
      unreadable.put(
          name,
          Counter.builder("projection.rebuild.records.unreadable")
              .description("Records a rebuild skipped because their value is not an event")
              .tag("projection", name.id())
              .register(meters));
    }
  }

  void progress(ProjectionName name, double fraction) {
    Objects.requireNonNull(progressPerMille.get(name))
        .set(Math.round(Math.max(0, Math.min(1, fraction)) * 1000));
  }

  double progress(ProjectionName name) {
    return Objects.requireNonNull(progressPerMille.get(name)).get() / 1000.0;
  }

  void ended(ProjectionName name, Outcome outcome) {
    Objects.requireNonNull(Objects.requireNonNull(outcomes.get(name)).get(outcome)).increment();
    progress(name, 1.0);
  }

  void restarted(ProjectionName name) {
    Objects.requireNonNull(restarts.get(name)).increment();
  }

  void unreadable(ProjectionName name) {
    Objects.requireNonNull(unreadable.get(name)).increment();
  }
}
