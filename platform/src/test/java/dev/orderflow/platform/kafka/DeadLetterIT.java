package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestApplication;
import dev.orderflow.platform.PlatformTestApplication.DeadLetteredRecords;
import dev.orderflow.platform.PlatformTestApplication.HandledEvents;
import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;

class DeadLetterIT extends PlatformTestSupport {

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired HandledEvents handled;
  @Autowired DeadLetteredRecords deadLettered;
  @Autowired DeadLetterInbox inbox;
  @Autowired EventJson json;
  @Autowired MeterRegistry meters;

  @Value("${spring.kafka.consumer.group-id}")
  String group;

  @Test
  void a_value_that_is_not_an_event_goes_to_the_dead_letter_topic_and_the_consumer_carries_on()
      throws Exception {
    var key = UUID.randomUUID().toString();
    var good = placed(UUID.randomUUID().toString(), "c-1");

    kafka.send(Topics.ORDER_EVENTS.name(), key, "{ this is not json").get();
    kafka.send(KafkaOutboxPublisher.recordOf("test", good.orderId(), good, json.write(good))).get();

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
  void a_record_sent_back_for_another_group_that_fails_here_too_is_passed_over_not_dead_lettered()
      throws Exception {
    var good = placed(UUID.randomUUID().toString(), "c-1");
    var theirs = new ProducerRecord<>(Topics.ORDER_EVENTS.name(), good.orderId(), "{ poison");
    theirs.headers().add(DeadLetterInbox.REDRIVEN_FOR, "another-service".getBytes(UTF_8));
    var ours =
        new ProducerRecord<>(Topics.ORDER_EVENTS.name(), UUID.randomUUID().toString(), "{ poison");
    ours.headers().add(DeadLetterInbox.REDRIVEN_FOR, group.getBytes(UTF_8));
    var before = passedOver();

    kafka.send(theirs).get();
    kafka.send(ours).get();
    kafka.send(KafkaOutboxPublisher.recordOf("test", good.orderId(), good, json.write(good))).get();

    awaitDeadLetter(ours.key());
    await("the record after theirs, on the same partition, is handled")
        .atMost(Duration.ofSeconds(20))
        .until(() -> handled.all().contains(good));
    assertThat(EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.deadLetter()))
        .as("no second dead letter of a copy this group dealt with already")
        .noneMatch(record -> good.orderId().equals(record.key()));
    assertThat(passedOver()).isEqualTo(before + 1);
  }

  @Test
  void an_event_its_handler_refuses_for_good_goes_to_the_dead_letter_topic_with_the_cause()
      throws Exception {
    var refused = placed(UUID.randomUUID().toString(), PlatformTestApplication.POISON_CUSTOMER);
    var before = deadLetterCount();

    kafka
        .send(
            KafkaOutboxPublisher.recordOf("test", refused.orderId(), refused, json.write(refused)))
        .get();

    var deadLetter = awaitDeadLetter(refused.orderId());
    assertThat(json.read(deadLetter.value())).isEqualTo(refused);
    assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("is refused");
    assertThat(deadLettered.all())
        .as("announced in the application context, with the event as it was read")
        .anySatisfy(announced -> {
          assertThat(announced.value()).isEqualTo(refused);
          assertThat(announced.topic()).isEqualTo(Topics.ORDER_EVENTS.name());
          assertThat(announced.cause()).contains("is refused");
        });
    assertThat(deadLetterCount()).isGreaterThan(before);
    assertThat(handled.all()).doesNotContain(refused);
  }

  @Test
  void a_transient_failure_is_retried_past_the_bounded_attempts_until_it_passes() throws Exception {
    var busy = placed(UUID.randomUUID().toString(), PlatformTestApplication.BUSY_CUSTOMER);

    kafka.send(KafkaOutboxPublisher.recordOf("test", busy.orderId(), busy, json.write(busy))).get();

    await("the busy order is handled after its transient failures")
        .atMost(Duration.ofSeconds(30))
        .until(() -> handled.all().contains(busy));
    assertThat(EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.deadLetter()))
        .noneMatch(record -> busy.orderId().equals(record.key()));
    // As soon as its batch was taken whole, not 45 s after its last failure.
    await("nothing retried once the record passed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> retryingSeconds() == 0);
  }

  @Test
  void contention_that_outlasts_its_limit_goes_to_the_dead_letter_topic_with_its_cause()
      throws Exception {
    var stuck = placed(UUID.randomUUID().toString(), PlatformTestApplication.STUCK_CUSTOMER);
    var contentionBefore = failures("contention");

    kafka
        .send(KafkaOutboxPublisher.recordOf("test", stuck.orderId(), stuck, json.write(stuck)))
        .get();

    await("the consumer says it has been retrying a record")
        .atMost(Duration.ofSeconds(20))
        .until(() -> retryingSeconds() > 0);
    var deadLetter = awaitDeadLetter(stuck.orderId());
    assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("is stuck");
    assertThat(failures("contention")).isGreaterThan(contentionBefore + 2);
    await("nothing is retried any more")
        .atMost(Duration.ofSeconds(60))
        .until(() -> retryingSeconds() == 0);
  }

  @Test
  void a_dependency_away_is_waited_for_past_the_bounded_attempts() throws Exception {
    var away = placed(UUID.randomUUID().toString(), PlatformTestApplication.AWAY_CUSTOMER);
    var unavailableBefore = failures("unavailable");

    kafka.send(KafkaOutboxPublisher.recordOf("test", away.orderId(), away, json.write(away))).get();

    await("the order is handled once its dependency is back")
        .atMost(Duration.ofSeconds(60))
        .until(() -> handled.all().contains(away));
    assertThat(failures("unavailable"))
        .isEqualTo(unavailableBefore + PlatformTestApplication.AWAY_FAILURES);
    assertThat(EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.deadLetter()))
        .noneMatch(record -> away.orderId().equals(record.key()));
  }

  @Test
  void an_event_out_of_the_domains_bounds_is_dead_lettered_with_the_reason() throws Exception {
    var orderId = UUID.randomUUID().toString();
    var hugePrice =
        json.write(placed(orderId, "c-1"))
            .replace("\"unitPrice\":1.00", "\"unitPrice\":1E+999999999");
    assertThat(hugePrice).contains("1E+999999999");

    kafka.send(Topics.ORDER_EVENTS.name(), orderId, hugePrice).get();

    var deadLetter = awaitDeadLetter(orderId);
    assertThat(header(deadLetter, "kafka_dlt-exception-message"))
        .contains("unitPrice must be a non-negative amount");
  }

  @Test
  void an_event_whose_headers_contradict_its_body_is_dead_lettered() throws Exception {
    var event = placed(UUID.randomUUID().toString(), "c-1");
    var record =
        new ProducerRecord<>(Topics.ORDER_EVENTS.name(), event.orderId(), json.write(event));
    record.headers().add(CloudEventHeaders.TYPE, "OrderCancelled".getBytes(UTF_8));

    kafka.send(record).get();

    var deadLetter = awaitDeadLetter(event.orderId());
    assertThat(header(deadLetter, "kafka_dlt-exception-message"))
        .contains("Header ce_type says 'OrderCancelled'");
    assertThat(handled.all()).doesNotContain(event);
  }

  @Test
  void an_event_without_the_cloudevents_headers_is_dead_lettered_with_the_cause() throws Exception {
    var event = placed(UUID.randomUUID().toString(), "c-1");

    kafka.send(Topics.ORDER_EVENTS.name(), event.orderId(), json.write(event)).get();

    var deadLetter = awaitDeadLetter(event.orderId());
    assertThat(header(deadLetter, "kafka_dlt-exception-message"))
        .contains("Header ce_type is missing");
    assertThat(handled.all()).doesNotContain(event);
  }

  @Test
  void
      a_record_whose_dead_letter_is_too_large_for_the_broker_goes_truncated_and_the_consumer_carries_on()
          throws Exception {
    var key = UUID.randomUUID().toString();
    var good = placed(UUID.randomUUID().toString(), "c-1");

    kafka.send(Topics.ORDER_EVENTS.name(), key, "x".repeat(1_048_000)).get();
    kafka.send(KafkaOutboxPublisher.recordOf("test", good.orderId(), good, json.write(good))).get();

    var deadLetter = awaitDeadLetter(key);
    assertThat(deadLetter.value()).hasSize(DeadLetters.TRUNCATED_BYTES);
    assertThat(header(deadLetter, DeadLetters.TRUNCATED_HEADER)).startsWith("value=1048000,");
    assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("over the limit");
    assertThatThrownBy(
            () -> inbox.redrive(deadLetter.topic(), deadLetter.partition(), deadLetter.offset()))
        .as("a fragment is never sent back")
        .isInstanceOf(TruncatedDeadLetterException.class);
    await("the record after the oversized one is handled")
        .atMost(Duration.ofSeconds(30))
        .until(() -> handled.all().contains(good));
  }

  private double failures(String kind) {
    var counter =
        meters
            .find("kafka.consumer.failures")
            .tag("topic", Topics.ORDER_EVENTS.name())
            .tag("kind", kind)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double passedOver() {
    var counter =
        meters
            .find("kafka.redriven.passed.over")
            .tag("topic", Topics.ORDER_EVENTS.name())
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double retryingSeconds() {
    return meters
        .get("kafka.consumer.retrying")
        .tag("topic", Topics.ORDER_EVENTS.name())
        .gauge()
        .value();
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
