/**
 * order-service takes orders and owns their lifecycle. Hexagonal because it holds the saga's rules:
 * {@code domain} (the aggregate, pure), {@code application} (load, decide, append), {@code adapter}
 * (HTTP, the MongoDB event store that is also the outbox, the Kafka listener).
 */
@NullMarked
package dev.orderflow.order;

import org.jspecify.annotations.NullMarked;
