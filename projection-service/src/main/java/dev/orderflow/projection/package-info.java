/**
 * projection-service is the read side (CQRS): it folds the events of every topic into MongoDB read
 * models that are cheap to query, serves them over HTTP, streams each change as Server-Sent Events
 * and rebuilds read models from the topics without the queries noticing. It never decides anything
 * and never publishes events, so it may lag but cannot be wrong for long: each read model converges
 * to the fold of its events whatever the duplicates and reordering on the way. Packages are
 * features: {@code order}, {@code customer}, {@code sales} and {@code stock} (a read model each:
 * its pure functions in a {@code domain} sub-package, a store behind an interface, the HTTP query),
 * {@code generation} (which generation of each projection is live, and the order in which a record
 * reaches the read models), {@code intake} (Kafka: the live listener, replays, offsets), {@code
 * rebuild} (rebuilds and the admin API) and {@code stream} (the live change feed). This package
 * holds the plumbing the read models share: the outcome metrics, paging over HTTP, and the
 * optimistic single-document update; {@code domain} holds their shared pure types.
 */
@NullMarked
package dev.orderflow.projection;

import org.jspecify.annotations.NullMarked;
