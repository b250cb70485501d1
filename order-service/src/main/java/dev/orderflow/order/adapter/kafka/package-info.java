/** What order-service consumes: inventory's reservation outcomes. */
package dev.orderflow.order.adapter.kafka;
