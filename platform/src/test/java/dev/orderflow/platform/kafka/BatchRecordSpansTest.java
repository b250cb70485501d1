package dev.orderflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/** Which observations {@link BatchRecordSpans} takes, and that their timer still records them. */
class BatchRecordSpansTest {

  private static final String BATCH = "org.springframework.kafka.KafkaListenerEndpointContainer#0";

  @Test
  void takes_the_records_of_a_batch_container_and_of_its_children_where_nothing_exports() {
    var spans = new BatchRecordSpans(Tracer.NOOP, false);
    spans.batchListener(BATCH);

    assertThat(spans.supportsContext(record(BATCH))).isTrue();
    assertThat(spans.supportsContext(record(BATCH + "-0"))).isTrue();
    assertThat(spans.supportsContext(record(BATCH + "-2"))).isTrue();
  }

  @Test
  void leaves_record_containers_and_every_other_observation_to_the_tracing_handlers() {
    var spans = new BatchRecordSpans(Tracer.NOOP, false);
    spans.batchListener(BATCH);

    assertThat(spans.supportsContext(record("records"))).isFalse();
    assertThat(spans.supportsContext(record("records-0"))).isFalse();
    assertThat(
            spans.supportsContext(
                record("org.springframework.kafka.KafkaListenerEndpointContainer#1-0")))
        .isFalse();
    assertThat(spans.supportsContext(new Observation.Context())).isFalse();
  }

  @Test
  void takes_nothing_where_spans_are_exported() {
    var spans = new BatchRecordSpans(Tracer.NOOP, true);
    spans.batchListener(BATCH);

    assertThat(spans.supportsContext(record(BATCH + "-0"))).isFalse();
  }

  @Test
  void the_timer_still_records_each_record_it_takes() {
    var meters = new SimpleMeterRegistry();
    var spans = new BatchRecordSpans(Tracer.NOOP, false);
    spans.batchListener(BATCH);
    var registry = ObservationRegistry.create();
    // As Boot groups them: the tracing handlers first, then the timer's, which looks up the
    // observation's tracing context when it stops.
    registry
        .observationConfig()
        .observationHandler(spans)
        .observationHandler(
            new TracingAwareMeterObservationHandler<>(
                new DefaultMeterObservationHandler(meters), Tracer.NOOP));

    for (int i = 0; i < 3; i++) {
      var context = record(BATCH + "-0");
      Observation.createNotStarted("spring.kafka.listener", () -> context, registry)
          .observe(() -> {});
      TracingObservationHandler.TracingContext tracing =
          context.get(TracingObservationHandler.TracingContext.class);
      assertThat(tracing).isNotNull();
      assertThat(tracing.getSpan()).isNull();
    }

    assertThat(meters.get("spring.kafka.listener").timer().count()).isEqualTo(3);
  }

  /** A record's observation context, as the container with {@code listenerId} makes it. */
  static KafkaRecordReceiverContext record(String listenerId) {
    return new KafkaRecordReceiverContext(
        new ConsumerRecord<>("orders.events", 0, 0L, "order-1", "{}"),
        listenerId,
        "client-1",
        "group-1",
        () -> "cluster-1");
  }
}
