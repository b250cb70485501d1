package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventDeserializerTest {

  private static final OrderPlaced PLACED =
      new OrderPlaced(
          "order-1",
          1,
          Instant.parse("2026-01-01T00:00:00Z"),
          "c-1",
          List.of(new OrderLine("SKU-1", 1, new BigDecimal("1.00"))),
          new BigDecimal("1.00"));

  private final EventJson json = new EventJson();
  private final EventDeserializer deserializer = new EventDeserializer(json);
  private final byte[] value = json.write(PLACED).getBytes(UTF_8);

  @Test
  void an_event_as_the_outbox_relay_publishes_it_is_read() {
    var record =
        KafkaOutboxPublisher.recordOf("order-service", "order-1", PLACED, json.write(PLACED));

    assertThat(deserializer.deserialize(record.topic(), record.headers(), value)).isEqualTo(PLACED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        CloudEventHeaders.TYPE,
        CloudEventHeaders.ID,
        CloudEventHeaders.SUBJECT,
        CloudEventHeaders.SPEC_VERSION
      })
  void an_event_without_a_header_the_relay_always_sets_is_refused_with_its_name(String missing) {
    var headers = relayHeaders();
    headers.remove(missing);

    assertThatThrownBy(() -> deserializer.deserialize(Topics.ORDER_EVENTS.name(), headers, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Header " + missing + " is missing");
  }

  @Test
  void an_event_without_any_header_is_refused() {
    assertThatThrownBy(
            () -> deserializer.deserialize(Topics.ORDER_EVENTS.name(), new RecordHeaders(), value))
        .hasMessageContaining("Header ce_type is missing");
    assertThatThrownBy(() -> deserializer.deserialize(Topics.ORDER_EVENTS.name(), value))
        .hasMessageContaining("without headers");
  }

  @Test
  void a_header_that_contradicts_the_body_is_refused() {
    var headers = relayHeaders();
    headers.remove(CloudEventHeaders.SUBJECT);
    headers.add(CloudEventHeaders.SUBJECT, "order-2".getBytes(UTF_8));

    assertThatThrownBy(() -> deserializer.deserialize(Topics.ORDER_EVENTS.name(), headers, value))
        .hasMessageContaining("Header ce_subject says 'order-2', the event 'order-1'");
  }

  private Headers relayHeaders() {
    var record =
        KafkaOutboxPublisher.recordOf("order-service", "order-1", PLACED, json.write(PLACED));
    return new RecordHeaders(record.headers().toArray());
  }
}
