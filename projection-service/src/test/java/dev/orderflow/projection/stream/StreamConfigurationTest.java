package dev.orderflow.projection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class StreamConfigurationTest {

  @Test
  void the_changes_reader_is_answered_by_the_first_change_whatever_the_listeners_wait_for() {
    // devstack's listeners wait for 8 KB or 10 ms; the live stream must not wait for 8 KB.
    var listeners =
        Map.<String, Object>of(
            ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 8192,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
            ConsumerConfig.GROUP_ID_CONFIG, "projection-service");

    var reader = StreamConfiguration.consumerConfig(listeners, "localhost:9092", "projection");

    assertThat(reader)
        .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
        .containsEntry(
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, StreamConfiguration.FETCH_MAX_WAIT_MS)
        .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
  }
}
