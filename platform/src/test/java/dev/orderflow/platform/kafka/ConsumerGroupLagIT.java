package dev.orderflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/** The lag the broker sees for this service's consumer group, per topic. */
class ConsumerGroupLagIT extends PlatformTestSupport {

  @Autowired ConsumerGroupLag lag;
  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired MeterRegistry meters;

  @AfterEach
  void resume() {
    listeners.getListenerContainers().forEach(MessageListenerContainer::resume);
  }

  @Test
  void records_a_paused_group_has_not_committed_are_its_lag_until_it_consumes_them()
      throws Exception {
    var container = listeners.getListenerContainers().iterator().next();
    await("the listener caught up")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(measured(container.getGroupId())).isZero());
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
