package dev.orderflow.projection.intake;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.RecordPosition;

/**
 * A record a replay read: an event, or a value that is not one (the live side dead-lettered it).
 */
public sealed interface ReplayedRecord {

  RecordPosition position();

  /** An event, with what its record says beside it (its position, its trace). */
  record Readable(PositionedEvent record) implements ReplayedRecord {

    @Override
    public RecordPosition position() {
      return record.position();
    }

    public DomainEvent event() {
      return record.event();
    }
  }

  record Unreadable(RecordPosition position, String problem) implements ReplayedRecord {}
}
