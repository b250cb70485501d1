package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orderflow.events.DomainEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * One record of a poll, read into the event a batch listener expects.
 *
 * @param index where the record is in the list the listener was given: the index {@link
 *     RecordFailedException} names
 */
public record BatchRecord<E extends DomainEvent>(
    int index, ConsumerRecord<String, ?> raw, E event) {

  /** The header the outbox relay writes the trace of the event's cause into. */
  public static final String TRACEPARENT = "traceparent";

  /** The trace the event was caused in, if the record says. */
  public @Nullable String traceparent() {
    var header = raw.headers().lastHeader(TRACEPARENT);
    return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
  }
}
