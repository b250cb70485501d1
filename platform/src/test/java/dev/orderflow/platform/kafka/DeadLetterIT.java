package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestApplication;
import dev.orderflow.platform.PlatformTestApplication.HandledEvents;
import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.json.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

class DeadLetterIT extends PlatformTestSupport {

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired HandledEvents handled;
  @Autowired EventJson json;
  @Autowired MeterRegistry meters;

  @Test
  void a_value_that_is_not_an_event_goes_to_the_dead_letter_topic_and_the_consumer_carries_on()
      throws Exception {
    var key = UUID.randomUUID().toString();
    var good = placed(UUID.randomUUID().toString(), "c-1");

    kafka.send(Topics.ORDER_EVENTS.name(), key, "{ this is not json").get();
    kafka.send(Topics.ORDER_EVENTS.name(), good.orderId(), json.write(good)).get();

    var deadLetter = awaitDeadLetter(key);
    assertThat(new String(deadLetter.value(), UTF_8)).isEqualTo("{ this is not json");
    assertThat(header(deadLetter, "kafka_dlt-exception-fqcn")).contains("DeserializationException");
    assertThat(header(deadLetter, "kafka_dlt-original-topic"))
        .isEqualTo(Topics.ORDER_EVENTS.name());
    await("the record after the bad one is handled")
        .atMost(Duration.ofSeconds(20))
        .until(() -> handled.all().contains(good));
  }

  @Test
  void an_event_its_handler_refuses_for_good_goes_to_the_dead_letter_topic_with_the_cause()
      throws Exception {
    var refused = placed(UUID.randomUUID().toString(), PlatformTestApplication.POISON_CUSTOMER);
    var before = deadLetterCount();

    kafka.send(Topics.ORDER_EVENTS.name(), refused.orderId(), json.write(refused)).get();

    var deadLetter = awaitDeadLetter(refused.orderId());
    assertThat(json.read(deadLetter.value())).isEqualTo(refused);
    assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("is refused");
    assertThat(deadLetterCount()).isGreaterThan(before);
    assertThat(handled.all()).doesNotContain(refused);
  }

  @Test
  void a_transient_failure_is_retried_past_the_bounded_attempts_until_it_passes() throws Exception {
    var busy = placed(UUID.randomUUID().toString(), PlatformTestApplication.BUSY_CUSTOMER);

    kafka.send(Topics.ORDER_EVENTS.name(), busy.orderId(), json.write(busy)).get();

    await("the busy order is handled after its transient failures")
        .atMost(Duration.ofSeconds(30))
        .until(() -> handled.all().contains(busy));
    assertThat(EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.deadLetter()))
        .noneMatch(record -> busy.orderId().equals(record.key()));
  }

  private ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {

    return await("a dead letter with key " + key)
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.deadLetter()).stream()
                    .filter(r -> key.equals(r.key()))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  private double deadLetterCount() {
    var counter =
        meters.find("kafka.dead.letters").tag("topic", Topics.ORDER_EVENTS.name()).counter();
    return counter == null ? 0 : counter.count();
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }

  private static OrderPlaced placed(String orderId, String customerId) {
    return new OrderPlaced(
        orderId,
        1,
        Instant.parse("2026-01-01T00:00:00Z"),
        customerId,
        List.of(new OrderLine("SKU-1", 1, new BigDecimal("1.00"))),
        new BigDecimal("1.00"));
  }
}
