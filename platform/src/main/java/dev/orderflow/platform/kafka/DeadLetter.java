package dev.orderflow.platform.kafka;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A record this service's consumers gave up on, as it sits in a dead-letter topic.
 *
 * @param id {@code <dead-letter topic>:<partition>:<offset>}
 * @param value the record's value as text (it may not have been an event at all)
 * @param redrivenAt when it was sent back to its topic, or null while it waits
 */
public record DeadLetter(
    String id,
    String deadLetterTopic,
    int partition,
    long offset,
    @Nullable String topic,
    @Nullable String key,
    @Nullable String exception,
    @Nullable String message,
    Instant deadAt,
    @Nullable String value,
    @Nullable Instant redrivenAt) {

  public static String id(String deadLetterTopic, int partition, long offset) {
    return deadLetterTopic + ":" + partition + ":" + offset;
  }

  public String status() {
    return redrivenAt == null ? "DEAD" : "REDRIVEN";
  }
}
