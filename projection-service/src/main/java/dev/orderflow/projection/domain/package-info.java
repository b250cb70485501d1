/**
 * What every read model's pure logic shares: the {@link
 * dev.orderflow.projection.domain.ProjectionOutcome} of applying one event (applied, parked or
 * skipped, with the {@link dev.orderflow.projection.domain.SkipReason}), the {@link
 * dev.orderflow.projection.domain.RecordPosition} of a record, by which derived counters count each
 * record once, and the arithmetic of a {@link dev.orderflow.projection.domain.Page}. No framework,
 * no storage, no Kafka: the architecture test keeps every {@code domain} package so.
 */
@NullMarked
package dev.orderflow.projection.domain;

import org.jspecify.annotations.NullMarked;
