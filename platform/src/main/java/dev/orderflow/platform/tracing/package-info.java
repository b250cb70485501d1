/** Keeping one trace across HTTP, the outboxes and Kafka, from a placed order to its last email. */
package dev.orderflow.platform.tracing;
