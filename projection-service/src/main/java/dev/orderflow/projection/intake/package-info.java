/**
 * Everything Kafka: the live listener that feeds the live generation of every projection (consumer
 * group {@code projection-service}), the pause a rebuild needs for its switch on every instance
 * (held, named by the group member ids of its consumers, and paused at once when assigned
 * partitions during a switch), replays of the topics from their beginning for rebuilds, and offsets
 * and group members on the broker. Delivery is at least once and only per-partition ordered; the
 * projections, not the intake, make that harmless.
 */
@NullMarked
package dev.orderflow.projection.intake;

import org.jspecify.annotations.NullMarked;
