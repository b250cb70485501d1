/**
 * How every consumer treats records: values are read into events by an error-handling deserializer;
 * a failing record is retried with exponential back-off a bounded number of times, then published
 * to its topic's dead-letter topic with the cause in the headers, and the consumer moves on. A
 * listener that takes a poll as one batch does so through {@link
 * dev.orderflow.platform.kafka.BatchConsumption}, which keeps those semantics record by record.
 */
@NullMarked
package dev.orderflow.platform.kafka;

import org.jspecify.annotations.NullMarked;
