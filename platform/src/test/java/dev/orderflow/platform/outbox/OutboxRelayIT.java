package dev.orderflow.platform.outbox;

import static dev.orderflow.platform.PlatformTestApplication.PARCELS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestApplication.HandledEvents;
import dev.orderflow.platform.PlatformTestApplication.RecordObservations;
import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.json.EventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

class OutboxRelayIT extends PlatformTestSupport {

  @Autowired EmbeddedOutbox parcels;
  @Autowired MongoTemplate mongo;
  @Autowired EventJson json;
  @Autowired Tracer tracer;
  @Autowired HandledEvents handled;
  @Autowired MeterRegistry meters;
  @Autowired RecordObservations recordObservations;

  @Test
  void handed_off_events_are_published_in_order_with_cloud_events_headers_then_leave_the_outbox() {
    var orderId = UUID.randomUUID().toString();
    var placed = placed(orderId);
    var confirmed = new OrderConfirmed(orderId, 2, Instant.parse("2026-01-01T00:00:01Z"));

    var pending = parcels.pending(orderId, List.of(placed, confirmed));
    mongo.insert(
        new Document("_id", orderId).append(EmbeddedOutbox.FIELD, pending.entries()), PARCELS);
    parcels.stored(pending);

    var records = awaitRecordsFor(orderId, 2);
    assertThat(records).extracting(r -> json.read(r.value())).containsExactly(placed, confirmed);
    var first = records.getFirst();
    assertThat(header(first, CloudEventHeaders.ID)).isEqualTo(placed.eventId());
    assertThat(header(first, CloudEventHeaders.TYPE)).isEqualTo("OrderPlaced");
    assertThat(header(first, CloudEventHeaders.SOURCE)).isEqualTo("/orderflow/platform-test");
    assertThat(header(first, CloudEventHeaders.SUBJECT)).isEqualTo(orderId);
    assertThat(header(first, CloudEventHeaders.TIME)).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(header(first, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
    await("the outbox of the document empties once Kafka acknowledged")
        .atMost(Duration.ofSeconds(10))
        .until(() -> outboxOf(orderId).isEmpty());
  }

  @Test
  void events_stored_but_never_handed_off_are_found_by_the_sweep() {
    var orderId = UUID.randomUUID().toString();
    var placed = placed(orderId);

    var pending = parcels.pending(orderId, List.of(placed));
    mongo.insert(new Document("_id", orderId).append("state", "new"), PARCELS);
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(orderId)),
        pending.addTo(new Update().set("state", "placed")),
        PARCELS);
    // No hand-off: as if the writer crashed right after its write.

    assertThat(awaitRecordsFor(orderId, 1))
        .extracting(r -> json.read(r.value()))
        .containsExactly(placed);
    await("the sweep marks what it published")
        .atMost(Duration.ofSeconds(10))
        .until(() -> outboxOf(orderId).isEmpty());
  }

  @Test
  void
      an_event_stored_in_a_span_is_published_with_that_spans_traceparent_and_handled_in_its_trace() {
    var orderId = UUID.randomUUID().toString();
    var span = tracer.nextSpan().name("place order").start();
    var placed = placed(orderId);
    try (var scope = tracer.withSpan(span)) {
      var pending = parcels.pending(orderId, List.of(placed));
      mongo.insert(
          new Document("_id", orderId).append(EmbeddedOutbox.FIELD, pending.entries()), PARCELS);
      parcels.stored(pending);
    } finally {
      span.end();
    }

    var record = awaitRecordsFor(orderId, 1).getFirst();
    // Flags 00: nothing exports spans in this test, so the trace is propagated, not recorded
    // (ExportedSpansOnly); its ids travel all the same.
    assertThat(header(record, "traceparent"))
        .isEqualTo("00-%s-%s-00".formatted(span.context().traceId(), span.context().spanId()));
    await("the listener handles the event inside the same trace")
        .atMost(Duration.ofSeconds(20))
        .until(() -> handled.traceIdOf(placed.eventId()), span.context().traceId()::equals);
    // Nothing exports spans here, so the batch container observed no record on its own (no span,
    // no timer per record): the handling above joined the record's trace without one, and the
    // record was counted with the rest of its poll (kafka_consumer_records_total on the
    // dashboards).
    assertThat(recordObservations.observed()).isZero();
    assertThat(
            meters.get("kafka.consumer.records").tag("topic", Topics.ORDER_EVENTS.name()).counter())
        .extracting(Counter::count)
        .isNotEqualTo(0.0);
  }

  private List<ConsumerRecord<String, byte[]>> awaitRecordsFor(String key, int count) {
    return await("%d records with key %s on %s".formatted(count, key, Topics.ORDER_EVENTS))
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.name()).stream()
                    .filter(r -> key.equals(r.key()))
                    .toList(),
            records -> records.size() >= count);
  }

  private List<?> outboxOf(String id) {
    var document = mongo.findById(id, Document.class, PARCELS);
    return document.getList(EmbeddedOutbox.FIELD, Document.class, List.of());
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }

  private static DomainEvent placed(String orderId) {
    return new OrderPlaced(
        orderId,
        1,
        Instant.parse("2026-01-01T00:00:00Z"),
        "c-1",
        List.of(new OrderLine("SKU-1", 2, new BigDecimal("9.99"))),
        new BigDecimal("19.98"));
  }
}
