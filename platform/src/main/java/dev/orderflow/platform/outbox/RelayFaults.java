package dev.orderflow.platform.outbox;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import java.util.List;
import java.util.stream.Stream;

/**
 * The relay's faults (docs/faults.md), wrapped around both of its publishers, the hand-off's and
 * the sweep's: every service has a relay and so these faults; where nothing is relayed they change
 * nothing.
 *
 * <ul>
 *   <li>{@code relay-pause}: nothing is published; the relay keeps the batch and sends it first
 *       once the pause ends (a sweep finds its batch again), so events pile up in the outboxes and
 *       are published in order after.
 *   <li>{@code duplicate-delivery}: every message is published twice in a row, each copy right
 *       after the other, so consumers meet duplicates.
 * </ul>
 */
public final class RelayFaults {

  static final String PAUSE = "relay-pause";
  static final String DUPLICATE = "duplicate-delivery";

  private final Fault paused;
  private final Fault duplicating;

  public RelayFaults(Faults faults) {
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

  /** The hand-off's publisher with the faults around it. */
  public OutboxPublisher around(OutboxPublisher publisher) {
    return batch -> publish(publisher, batch);
  }

  /** The sweep's publisher with the faults around it; taking over and resigning are unchanged. */
  public SweepPublisher around(SweepPublisher publisher) {
    return new SweepPublisher() {
      @Override
      public void takeOver() {
        publisher.takeOver();
      }

      @Override
      public void resign() {
        publisher.resign();
      }

      @Override
      public boolean publish(List<OutboxMessage> batch) {
        return RelayFaults.this.publish(publisher, batch);
      }
    };
  }

  private boolean publish(OutboxPublisher publisher, List<OutboxMessage> batch) {
    if (paused.active()) {
      return false;
    }
    if (duplicating.active()) {
      return publisher.publish(batch.stream().flatMap(m -> Stream.of(m, m)).toList());
    }
    return publisher.publish(batch);
  }
}
