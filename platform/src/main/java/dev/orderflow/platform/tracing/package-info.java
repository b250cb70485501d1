/** Keeping one trace across HTTP, the outboxes and Kafka, from a placed order to its last email. */
@NullMarked
package dev.orderflow.platform.tracing;

import org.jspecify.annotations.NullMarked;
