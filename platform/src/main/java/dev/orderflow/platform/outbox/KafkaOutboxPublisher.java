package dev.orderflow.platform.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.events.DomainEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes handed-off outbox messages (the relay's fast path, on every instance) with the
 * service's idempotent, non-transactional producer, as CloudEvents in Kafka's binary mode: the JSON
 * body as stored, the attributes as {@code ce_*} headers, the trace context that was current when
 * the event was written as {@code traceparent}.
 */
public final class KafkaOutboxPublisher implements OutboxPublisher {

  static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
  private static final String TRACEPARENT = "traceparent";

  private final KafkaOperations<String, String> kafka;
  private final String cloudEventsSource;

  public KafkaOutboxPublisher(KafkaOperations<String, String> kafka, String serviceName) {
    this.kafka = kafka;
    this.cloudEventsSource = CloudEventHeaders.sourceOf(serviceName);
  }

  @Override
  public boolean publish(List<OutboxMessage> batch) {
    var sends = new ArrayList<CompletableFuture<SendResult<String, String>>>(batch.size());
    for (var message : batch) {
      sends.add(kafka.send(record(message)));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .join();
    return true;
  }

  /**
   * The record the relay publishes for {@code event}, stored as {@code payload} by {@code
   * serviceName}, under {@code key} rather than the event's subject: for tests and tools that stand
   * in for a service. Consumers read an event only with these headers ({@code EventDeserializer}).
   */
  public static ProducerRecord<String, String> recordOf(
      String serviceName, String key, DomainEvent event, String payload) {
    var message = OutboxMessage.of(serviceName, event.subject(), 0, event, payload);
    return record(message, key, CloudEventHeaders.sourceOf(serviceName));
  }

  private ProducerRecord<String, String> record(OutboxMessage message) {
    return record(message, cloudEventsSource);
  }

  /** The record of {@code message} as a service whose CloudEvents source is {@code source}. */
  static ProducerRecord<String, String> record(OutboxMessage message, String source) {
    return record(message, message.key(), source);
  }

  static String sourceOf(String serviceName) {
    return CloudEventHeaders.sourceOf(serviceName);
  }

  /** Every CloudEvents header consumers check, the subject being the message's key. */
  private static ProducerRecord<String, String> record(
      OutboxMessage message, String key, String source) {
    var record = new ProducerRecord<>(message.topic(), null, key, message.payload());
    var headers = record.headers();
    headers.add(header(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE));
    headers.add(header(CloudEventHeaders.ID, message.eventId()));
    headers.add(header(CloudEventHeaders.TYPE, message.type()));
    headers.add(header(CloudEventHeaders.SOURCE, source));
    headers.add(header(CloudEventHeaders.TIME, message.occurredAt().toString()));
    headers.add(header(CloudEventHeaders.SUBJECT, message.key()));
    headers.add(header(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
    var traceparent = message.traceparent();
    if (traceparent != null) {
      headers.add(header(TRACEPARENT, traceparent));
    }
    return record;
  }

  private static RecordHeader header(String name, String value) {
    return new RecordHeader(name, value.getBytes(UTF_8));
  }
}
