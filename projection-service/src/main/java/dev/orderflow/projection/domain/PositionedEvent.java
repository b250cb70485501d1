package dev.orderflow.projection.domain;

import dev.orderflow.events.DomainEvent;
import java.util.Objects;

/** An event and the position of the record it was read from: one record of a batch. */
public record PositionedEvent(DomainEvent event, RecordPosition position) {

  public PositionedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(position, "position");
  }
}
