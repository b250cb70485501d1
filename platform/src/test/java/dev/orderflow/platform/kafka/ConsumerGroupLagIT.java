package dev.orderflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/** The lag the broker sees for this service's consumer group, per topic. */
class ConsumerGroupLagIT extends PlatformTestSupport {

  @Autowired ConsumerGroupLag lag;
  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired MeterRegistry meters;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  @AfterEach
  void resume() {
    listeners.getListenerContainers().forEach(MessageListenerContainer::resume);
  }

  @Test
  void records_a_paused_group_has_not_committed_are_its_lag_until_it_consumes_them()
      throws Exception {
    var container = caughtUpListener();
    container.pause();
    await("the consumer paused").atMost(Duration.ofSeconds(10)).until(container::isContainerPaused);

    for (int i = 0; i < 5; i++) {
      // Not events: the listener would dead-letter them, but it is paused.
      kafka.send(Topics.ORDER_EVENTS.name(), UUID.randomUUID().toString(), "not yet").get();
    }

    await("five records behind")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(measured(container.getGroupId())).isEqualTo(5));
    container.resume();
    await("caught up again")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(measured(container.getGroupId())).isZero());
  }

  /**
   * The outbox sweep publishes in transactions: a transaction's commit marker takes the offset
   * after its last record, so a partition that ends with one is never "read to the end" by the
   * offsets of the records consumed, and would show a lag of 1 for good (seen in ScaleOutIT, after
   * a sweep at the very end of a run). The containers commit the position past the marker.
   */
  @Test
  void a_partition_that_ends_with_a_transaction_shows_no_lag_once_its_records_are_read()
      throws Exception {
    var container = caughtUpListener();

    try (var producer =
        new KafkaProducer<String, String>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "lag-test-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
      producer.initTransactions();
      producer.beginTransaction();
      // Not an event: the listener dead-letters it, and commits past it.
      producer.send(
          new ProducerRecord<>(
              Topics.ORDER_EVENTS.name(), UUID.randomUUID().toString(), "swept in a transaction"));
      producer.commitTransaction();
    }

    await("the record and the commit marker after it read")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(measured(container.getGroupId())).isZero());
  }

  /** The test listener's container, once its group has read everything sent so far. */
  private MessageListenerContainer caughtUpListener() {
    var container = listeners.getListenerContainers().iterator().next();
    await("the listener caught up")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(measured(container.getGroupId())).isZero());
    return container;
  }

  private double measured(String group) {
    lag.measure();
    var gauge =
        meters
            .find("kafka.consumer.group.lag")
            .tag("group", group)
            .tag("topic", Topics.ORDER_EVENTS.name())
            .gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }
}
