package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void a_truncated_dead_letter_keeps_the_start_of_the_value_the_cause_and_the_original_sizes() {
    var headers = new RecordHeaders();
    headers.add("ce_type", "OrderPlaced".getBytes(UTF_8));
    headers.add("big", new byte[500_000]);
    headers.add("kafka_dlt-exception-message", "x".repeat(10_000).getBytes(UTF_8));
    var deadLetter =
        new ProducerRecord<Object, Object>(
            "orders.events.DLT", 2, 1L, "order-1", new byte[1_040_000], headers);

    var truncated = DeadLetters.truncated(deadLetter);

    assertThat(truncated.topic()).isEqualTo("orders.events.DLT");
    assertThat(truncated.partition()).isEqualTo(2);
    assertThat(truncated.key()).isEqualTo("order-1");
    assertThat((byte[]) truncated.value()).hasSize(DeadLetters.TRUNCATED_BYTES);
    assertThat(truncated.headers().lastHeader("big")).isNull();
    assertThat(truncated.headers().lastHeader("ce_type")).isNull();
    assertThat(truncated.headers().lastHeader("kafka_dlt-exception-message").value())
        .hasSize(DeadLetters.TRUNCATED_HEADER_BYTES);
    assertThat(
            new String(truncated.headers().lastHeader(DeadLetters.TRUNCATED_HEADER).value(), UTF_8))
        .isEqualTo("value=1040000,headers=510048");
  }
}
