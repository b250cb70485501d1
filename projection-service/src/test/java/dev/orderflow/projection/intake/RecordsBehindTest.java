package dev.orderflow.projection.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/** Records behind, asked of a stand-in for the broker: its count, and NaN while it cannot say. */
class RecordsBehindTest {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final KafkaOffsets offsets = mock(KafkaOffsets.class);
  final RecordsBehind behind = new RecordsBehind(offsets, meters, Duration.ofSeconds(5));

  double stock() {
    return meters.get("projection.records.behind").tag("projection", "stock").gauge().value();
  }

  @Test
  void the_records_behind_are_the_ends_minus_the_committed_offsets() {
    when(offsets.ends(any()))
        .thenReturn(Map.of("inventory.events-0", 12L, "inventory.events-1", 3L));
    when(offsets.committed(any())).thenReturn(Map.of("inventory.events-0", 10L));

    behind.measure();

    assertThat(stock()).isEqualTo(5.0);
  }

  @Test
  void while_kafka_cannot_say_the_gauge_is_nan_not_its_last_value() {
    when(offsets.ends(any())).thenReturn(Map.of("inventory.events-0", 12L));
    when(offsets.committed(any())).thenReturn(Map.of("inventory.events-0", 10L));
    behind.measure();
    assertThat(stock()).isEqualTo(2.0);

    when(offsets.ends(any())).thenThrow(new KafkaException("broker away"));
    behind.measure();

    assertThat(stock()).isNaN();
  }
}
