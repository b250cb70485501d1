package dev.orderflow.projection.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Topic;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.kafka.BatchRecord;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.domain.OrderHistories;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

class ProjectionListenerTest {

  @Test
  void the_read_side_listens_to_every_topic_of_the_catalogue() throws Exception {
    var listener =
        ProjectionListener.class
            .getDeclaredMethod("on", List.class, Acknowledgment.class, Consumer.class)
            .getAnnotation(KafkaListener.class);

    assertThat(listener.topics())
        .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
  }

  @Test
  void a_record_is_applied_with_its_position_and_the_trace_id_of_its_traceparent() {
    var traced = record(7, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    var untraced = record(8, null);
    var malformed = record(9, "00-not-a-trace-01");

    var positioned = ProjectionListener.positioned(traced);

    assertThat(positioned.position()).isEqualTo(new RecordPosition("orders.events", 2, 7));
    assertThat(positioned.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(ProjectionListener.positioned(untraced).traceId()).isNull();
    assertThat(ProjectionListener.positioned(malformed).traceId()).isNull();
  }

  private static BatchRecord<DomainEvent> record(long offset, String traceparent) {
    DomainEvent placed = OrderHistories.placed("o-1");
    var raw = new ConsumerRecord<String, Object>("orders.events", 2, offset, "o-1", placed);
    if (traceparent != null) {
      raw.headers().add(BatchRecord.TRACEPARENT, traceparent.getBytes(UTF_8));
    }
    return new BatchRecord<>(0, raw, placed);
  }
}
