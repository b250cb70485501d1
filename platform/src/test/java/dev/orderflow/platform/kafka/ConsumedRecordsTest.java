package dev.orderflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumedRecordsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ConsumedRecords consumed = new ConsumedRecords(meters);

  @SuppressWarnings("unchecked")
  private final Consumer<Object, Object> consumer = mock(Consumer.class);

  @Test
  void every_record_a_poll_hands_over_is_counted_under_its_topic_and_the_poll_goes_on_unchanged() {
    var orders0 = new TopicPartition("orders.events", 0);
    var orders2 = new TopicPartition("orders.events", 2);
    var stock = new TopicPartition("inventory.events", 1);
    var poll =
        new ConsumerRecords<>(
            Map.of(
                orders0, List.of(record(orders0, 10), record(orders0, 11)),
                orders2, List.of(record(orders2, 4)),
                stock, List.of(record(stock, 7))),
            Map.of());

    assertThat(consumed.intercept(poll, consumer)).isSameAs(poll);
    consumed.intercept(
        new ConsumerRecords<>(Map.of(orders0, List.of(record(orders0, 12))), Map.of()), consumer);

    assertThat(count("orders.events")).isEqualTo(4);
    assertThat(count("inventory.events")).isEqualTo(1);
  }

  @Test
  void a_watched_topic_shows_zero_before_its_first_record() {
    consumed.watch("notifications.events");

    assertThat(count("notifications.events")).isZero();
  }

  private double count(String topic) {
    return meters.get("kafka.consumer.records").tag("topic", topic).counter().count();
  }

  private static ConsumerRecord<Object, Object> record(TopicPartition partition, long offset) {
    return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "k", "v");
  }
}
