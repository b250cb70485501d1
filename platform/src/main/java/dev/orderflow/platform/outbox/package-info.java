/**
 * The transactional outbox without transactions. Each service stores the events a change produces
 * in the same single-document write as the change (the order event store is its own outbox;
 * inventory and notification documents carry an {@link
 * dev.orderflow.platform.outbox.EmbeddedOutbox}), and one {@link
 * dev.orderflow.platform.outbox.OutboxRelay} per service publishes them to Kafka afterwards: at
 * least once, in stored order per key, by one instance at a time.
 */
@NullMarked
package dev.orderflow.platform.outbox;

import org.jspecify.annotations.NullMarked;
