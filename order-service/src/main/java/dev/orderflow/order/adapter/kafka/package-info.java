/** What order-service consumes: inventory's reservation outcomes. */
@NullMarked
package dev.orderflow.order.adapter.kafka;

import org.jspecify.annotations.NullMarked;
