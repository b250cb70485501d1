package dev.orderflow.projection.intake;

import dev.orderflow.projection.generation.ProjectionName;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code projection_records_behind{projection}}: records on the projection's topics that the live
 * consumer group has not committed yet, the end offsets minus the committed ones, summed over the
 * partitions. Asked of the broker every few seconds; a failed ask keeps the last value (and is
 * logged), since a gauge that drops to zero while Kafka is away would look like good news.
 */
@Component
class RecordsBehind {

  private static final Logger log = LoggerFactory.getLogger(RecordsBehind.class);

  private final KafkaOffsets offsets;
  private final Map<ProjectionName, AtomicLong> behind = new EnumMap<>(ProjectionName.class);

  RecordsBehind(KafkaOffsets offsets, MeterRegistry meters) {
    this.offsets = offsets;
    for (var name : ProjectionName.values()) {
      var value = new AtomicLong();
      behind.put(name, value);
      Gauge.builder("projection.records.behind", value, AtomicLong::get)
          .description("Records on the projection's topics the live consumer has not committed")
          .tag("projection", name.id())
          .register(meters);
    }
  }

  @Scheduled(fixedDelayString = "${orderflow.projection.records-behind-interval:5s}")
  void measure() {
    try {
      for (var name : ProjectionName.values()) {
        var ends = offsets.ends(name.topics());
        var committed = offsets.committed(name.topics());
        long total = 0;
        for (var end : ends.entrySet()) {
          total += Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L));
        }
        Objects.requireNonNull(behind.get(name)).set(total);
      }
    } catch (RuntimeException e) {
      log.warn("Could not measure the records behind: {}", e.getMessage());
    }
  }
}
