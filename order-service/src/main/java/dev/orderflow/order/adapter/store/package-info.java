/**
 * The MongoDB event store, which is also order-service's outbox, and the reminders of orders that
 * may still be pending, which the saga deadline looks at.
 */
@NullMarked
package dev.orderflow.order.adapter.store;

import org.jspecify.annotations.NullMarked;
