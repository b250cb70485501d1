package dev.orderflow.projection.order;

import dev.orderflow.platform.web.Problems;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Queries on the order views. They may lag the write side by the time an event takes through Kafka:
 * an order just placed can be 404 here for a moment (order-service's own {@code GET} reads its
 * writes).
 */
@RestController
@RequestMapping("/api")
class OrderViewController {

  private final OrderProjection orders;

  OrderViewController(OrderProjection orders) {
    this.orders = orders;
  }

  @GetMapping("/orders/{orderId}")
  OrderViewResponse order(
      @PathVariable @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE)
          String orderId) {
    return orders
        .find(orderId)
        .map(OrderViewResponse::of)
        .orElseThrow(() ->
            new ErrorResponseException(
                HttpStatus.NOT_FOUND,
                Problems.of(
                    HttpStatus.NOT_FOUND,
                    "order-not-found",
                    "Order not found",
                    "No order " + orderId + " in the read model (yet)"),
                null));
  }

  @GetMapping("/customers/{customerId}/orders")
  List<OrderSummary> ofCustomer(
      @PathVariable @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE)
          String customerId) {
    return orders.ofCustomer(customerId).stream().map(OrderSummary::of).toList();
  }
}
