package dev.orderflow.projection.intake;

import dev.orderflow.platform.metrics.StoredCount;
import dev.orderflow.projection.generation.ProjectionName;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code projection_records_behind{projection}}: records on the projection's topics that the live
 * consumer group has not committed yet, the end offsets minus the committed ones, summed over the
 * partitions. Asked of the broker every few seconds. While Kafka cannot say (an ask failed, logged
 * once, or none succeeded for six intervals) it is NaN, not its last value nor 0: a gauge that
 * dropped to zero while Kafka is away would look like good news, one that froze would hide what
 * happens meanwhile ({@link StoredCount}; {@code projection_records_behind_read_age_seconds} says
 * since when).
 */
@Component
class RecordsBehind {

  private final KafkaOffsets offsets;
  private final Map<ProjectionName, StoredCount> behind = new EnumMap<>(ProjectionName.class);

  RecordsBehind(
      KafkaOffsets offsets,
      MeterRegistry meters,
      @Value("${orderflow.projection.records-behind-interval:5s}") Duration interval) {
    this.offsets = offsets;
    for (var name : ProjectionName.values()) {
      behind.put(
          name,
          StoredCount.register(
              "projection.records.behind",
              "Records on the projection's topics the live consumer has not committed",
              "",
              interval.multipliedBy(6),
              Tags.of("projection", name.id()),
              meters));
    }
  }

  @Scheduled(fixedDelayString = "${orderflow.projection.records-behind-interval:5s}")
  void measure() {
    for (var name : ProjectionName.values()) {
      Objects.requireNonNull(behind.get(name))
          .refresh(() -> {
            var ends = offsets.ends(name.topics());
            var committed = offsets.committed(name.topics());
            long total = 0;
            for (var end : ends.entrySet()) {
              total += Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L));
            }
            return total;
          });
    }
  }
}
