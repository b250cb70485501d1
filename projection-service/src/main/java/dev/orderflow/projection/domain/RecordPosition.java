package dev.orderflow.projection.domain;

import java.util.Objects;

/**
 * Where a record sits in Kafka: topic, partition and offset. Every copy of a redelivered record has
 * the same position, and records of one partition are handled in offset order, so "the highest
 * offset applied per partition" is all a counter needs to apply each record exactly once; a relay's
 * duplicate (the same event published twice) has a different position.
 */
public record RecordPosition(String topic, int partition, long offset) {

  public RecordPosition {
    Objects.requireNonNull(topic, "topic");
  }

  /** The partition as one string, e.g. {@code orders.events-2}. */
  public String partitionKey() {
    return topic + "-" + partition;
  }

  /** {@code orders.events-2@1234}, the form stored in the views. */
  @Override
  public String toString() {
    return partitionKey() + "@" + offset;
  }

  /** The inverse of {@link #toString()}. */
  public static RecordPosition parse(String position) {
    var at = position.lastIndexOf('@');
    var dash = position.lastIndexOf('-', at);
    if (at < 0 || dash < 0) {
      throw new IllegalArgumentException("Not a record position: " + position);
    }
    return new RecordPosition(
        position.substring(0, dash),
        Integer.parseInt(position.substring(dash + 1, at)),
        Long.parseLong(position.substring(at + 1)));
  }
}
