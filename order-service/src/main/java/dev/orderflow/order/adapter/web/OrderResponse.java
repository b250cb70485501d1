package dev.orderflow.order.adapter.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderflow.order.domain.OrderStatus;
import org.jspecify.annotations.Nullable;

/**
 * The write side's view of an order: its status and, when read, how many events it has (none in the
 * answer to a placement).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OrderResponse(String orderId, OrderStatus status, @Nullable Long version) {}
