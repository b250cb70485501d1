/**
 * How every consumer treats records: values are read into events by an error-handling deserializer;
 * a failing record is retried with exponential back-off a bounded number of times, then published
 * to its topic's dead-letter topic with the cause in the headers, and the consumer moves on.
 */
@NullMarked
package dev.orderflow.platform.kafka;

import org.jspecify.annotations.NullMarked;
