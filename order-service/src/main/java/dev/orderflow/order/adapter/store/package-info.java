/** The MongoDB event store, which is also order-service's outbox. */
package dev.orderflow.order.adapter.store;
