package dev.orderflow.platform.outbox;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Topics;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event waiting in an outbox, in the form the relay publishes it: topic, key, CloudEvents
 * attributes and the JSON body exactly as stored.
 *
 * @param source the {@link OutboxSource} that stored it, which is also the one that marks it
 *     published
 * @param documentId the document that holds it in that source
 * @param documentVersion the version of that document the message was read from, for sources that
 *     mark by version
 * @param traceparent the W3C trace context current when the event was written, if any
 */
public record OutboxMessage(
    String source,
    String documentId,
    long documentVersion,
    String topic,
    String key,
    String eventId,
    String type,
    Instant occurredAt,
    String payload,
    @Nullable String traceparent) {

  public OutboxMessage {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(payload, "payload");
  }

  public static OutboxMessage of(
      String source, String documentId, long documentVersion, DomainEvent event, String payload) {
    return of(source, documentId, documentVersion, event, payload, null);
  }

  public static OutboxMessage of(
      String source,
      String documentId,
      long documentVersion,
      DomainEvent event,
      String payload,
      @Nullable String traceparent) {
    return new OutboxMessage(
        source,
        documentId,
        documentVersion,
        Topics.of(event).name(),
        event.subject(),
        event.eventId(),
        event.type(),
        event.occurredAt(),
        payload,
        traceparent);
  }
}
