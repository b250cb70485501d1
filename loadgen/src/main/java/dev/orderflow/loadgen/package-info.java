/**
 * The load generator: drives the order API, times each order from its {@code 202 Accepted} to its
 * {@code CONFIRMED} in the projection's live stream, and the benchmark ({@code ./devstack bench})
 * that runs it against a fresh embedded stack next to a raw Kafka baseline.
 */
@NullMarked
package dev.orderflow.loadgen;

import org.jspecify.annotations.NullMarked;
