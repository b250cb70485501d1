/**
 * Where events come in: one Kafka listener on every topic, routing each event to the projections
 * that show it. Delivery is at least once and only per-partition ordered; the projections, not the
 * listener, make that harmless.
 */
package dev.orderflow.projection.intake;
