package dev.orderflow.projection.order.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One thing that happened to an order: an event's wire type and time. {@code eventId} is kept to
 * recognise the same event when it arrives again.
 */
public record TimelineEntry(String eventId, String type, Instant at) {

  /**
   * Oldest first. Ties are broken by event id, so the timeline comes out the same whatever order
   * its events arrived in.
   */
  public static final Comparator<TimelineEntry> CHRONOLOGICAL =
      Comparator.comparing(TimelineEntry::at).thenComparing(TimelineEntry::eventId);

  public TimelineEntry {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
  }
}
