package dev.orderflow.projection.intake;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.projection.domain.RecordPosition;

/**
 * A record a replay read: an event, or a value that is not one (the live side dead-lettered it).
 */
public sealed interface ReplayedRecord {

  RecordPosition position();

  record Readable(RecordPosition position, DomainEvent event) implements ReplayedRecord {}

  record Unreadable(RecordPosition position, String problem) implements ReplayedRecord {}
}
