package dev.orderflow.platform.kafka;

import org.jspecify.annotations.Nullable;

/**
 * A record went to its dead-letter topic: published in the service's application context, for code
 * that must react to a record it will now never handle (projection-service rebuilds the read model
 * that missed it).
 *
 * @param value the record's value as it was read: an event when it could be read, else its bytes
 * @param cause why it failed, down to the root cause
 */
public record DeadLettered(
    String topic, int partition, long offset, @Nullable Object value, String cause) {}
