/**
 * The transactional outbox without transactions. Each service stores the events a change produces
 * in the same single-document write as the change (the order event store is its own outbox;
 * inventory and notification documents carry an {@link
 * dev.orderflow.platform.outbox.EmbeddedOutbox}), and one {@link
 * dev.orderflow.platform.outbox.OutboxRelay} per instance publishes them to Kafka afterwards: at
 * least once, in stored order per key. Every instance publishes what its own writers hand over; one
 * instance at a time, the holder of a lease, sweeps up what was stored but never published.
 */
@NullMarked
package dev.orderflow.platform.outbox;

import org.jspecify.annotations.NullMarked;
