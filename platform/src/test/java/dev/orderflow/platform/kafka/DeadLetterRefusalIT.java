package dev.orderflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestApplication.HandledEvents;
import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

class DeadLetterRefusalIT extends PlatformTestSupport {

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired HandledEvents handled;
  @Autowired EventJson json;
  @Autowired MeterRegistry meters;
  @Autowired Faults faults;

  @AfterEach
  void switchOff() {
    faults.disable(DeadLetterRefusal.NAME);
  }

  @Test
  void
      while_dead_letter_refused_is_on_a_failed_record_is_skipped_and_counted_and_the_consumer_goes_on()
          throws Exception {
    var skipped = UUID.randomUUID().toString();
    var good = placed(UUID.randomUUID().toString());
    var before = DeadLetters.unpublished(meters, Topics.ORDER_EVENTS.name()).count();

    faults.enable(DeadLetterRefusal.NAME, Map.of());
    kafka.send(new ProducerRecord<>(Topics.ORDER_EVENTS.name(), 0, skipped, "{ not json")).get();
    var next = KafkaOutboxPublisher.recordOf("test", good.orderId(), good, json.write(good));
    kafka
        .send(new ProducerRecord<>(next.topic(), 0, next.key(), next.value(), next.headers()))
        .get();

    await("the record after the skipped one, on the same partition, is handled")
        .atMost(Duration.ofSeconds(30))
        .until(() -> handled.all().contains(good));
    assertThat(DeadLetters.unpublished(meters, Topics.ORDER_EVENTS.name()).count())
        .isEqualTo(before + 1);
    assertThat(deadLetterKeys()).doesNotContain(skipped);

    faults.disable(DeadLetterRefusal.NAME);
    var deadLettered = UUID.randomUUID().toString();
    kafka.send(Topics.ORDER_EVENTS.name(), deadLettered, "{ this is not json either").get();

    await("switched off, a dead letter is published again")
        .atMost(Duration.ofSeconds(30))
        .until(() -> deadLetterKeys().contains(deadLettered));
    assertThat(DeadLetters.unpublished(meters, Topics.ORDER_EVENTS.name()).count())
        .isEqualTo(before + 1);
  }

  private static List<String> deadLetterKeys() {
    return EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.deadLetter()).stream()
        .map(record -> record.key())
        .toList();
  }

  private static OrderPlaced placed(String orderId) {
    return new OrderPlaced(
        orderId,
        1,
        Instant.parse("2026-01-01T00:00:00Z"),
        "c-1",
        List.of(new OrderLine("SKU-1", 1, new BigDecimal("1.00"))),
        new BigDecimal("1.00"));
  }
}
