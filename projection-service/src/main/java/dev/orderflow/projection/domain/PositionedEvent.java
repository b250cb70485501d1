package dev.orderflow.projection.domain;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Traceparent;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event and what the record it was read from says beside it: one record of a batch, or of a
 * replay.
 *
 * @param position where the record is
 * @param traceId the W3C trace id (32 lower-case hex digits) of the record's {@code traceparent}
 *     header: the trace of what caused the event (for {@code OrderPlaced}, the request that placed
 *     the order); null when the record names none, or none well formed
 */
public record PositionedEvent(
    DomainEvent event, RecordPosition position, @Nullable String traceId) {

  public PositionedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(position, "position");
    if (traceId != null && !Traceparent.validTraceId(traceId)) {
      throw new IllegalArgumentException("Not a W3C trace id: " + traceId);
    }
  }

  /** A record that names no trace. */
  public PositionedEvent(DomainEvent event, RecordPosition position) {
    this(event, position, null);
  }
}
