/**
 * projection-service is the read side (CQRS): it folds the events of every topic into MongoDB views
 * that are cheap to query, serves them over HTTP and streams each change as Server-Sent Events. It
 * never decides anything and never publishes events, so it may lag but cannot be wrong for long:
 * each view converges to the fold of its events whatever the duplicates and reordering on the way.
 * Packages are features: {@code order} and {@code stock} (a read model each: a pure projector, a
 * store behind an interface, the HTTP queries), {@code intake} (the Kafka listener that feeds them)
 * and {@code stream} (the live change feed). This package holds what the read models share: the
 * {@link dev.orderflow.projection.ProjectionOutcome} of applying one event, and its metrics.
 */
package dev.orderflow.projection;
