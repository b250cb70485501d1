package dev.orderflow.platform.outbox;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import java.util.List;
import java.util.stream.Stream;

/**
 * The relay's faults (docs/faults.md), wrapped around its publisher: every service has a relay and
 * so these faults; where nothing is relayed they change nothing.
 *
 * <ul>
 *   <li>{@code relay-pause}: nothing is published; the relay keeps the batch and sends it first
 *       once the pause ends, so events pile up in the outboxes and are published in order after.
 *   <li>{@code duplicate-delivery}: every message is published twice in a row, each copy right
 *       after the other, so consumers meet duplicates (never an older event after a newer one).
 * </ul>
 */
public final class RelayFaults implements OutboxPublisher {

  static final String PAUSE = "relay-pause";
  static final String DUPLICATE = "duplicate-delivery";

  private final OutboxPublisher publisher;
  private final Fault paused;
  private final Fault duplicating;

  public RelayFaults(OutboxPublisher publisher, Faults faults) {
    this.publisher = publisher;
    this.paused =
        faults.register(
            PAUSE,
            "The outbox relay stops publishing: events pile up in the outboxes, consumers see"
                + " nothing new, the backlog grows; switching it off publishes everything, in"
                + " order.");
    this.duplicating =
        faults.register(
            DUPLICATE,
            "The outbox relay publishes every event twice: consumers must turn each duplicate"
                + " into a no-op.");
  }

  @Override
  public boolean publish(List<OutboxMessage> batch) {
    if (paused.active()) {
      return false;
    }
    if (duplicating.active()) {
      return publisher.publish(batch.stream().flatMap(m -> Stream.of(m, m)).toList());
    }
    return publisher.publish(batch);
  }
}
