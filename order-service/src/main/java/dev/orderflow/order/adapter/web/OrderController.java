package dev.orderflow.order.adapter.web;

import dev.orderflow.order.application.OrderCommandHandler;
import dev.orderflow.order.domain.Order.Placed;
import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.Identifier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The order API. Placing and cancelling answer {@code 202 Accepted}: the order is stored, the rest
 * of the saga happens asynchronously; {@code GET} shows the write side's state at once.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  private final OrderCommandHandler orders;
  private final ClientLimits limits;
  private final PlaceOrderRateLimit admission;

  OrderController(OrderCommandHandler orders, ClientLimits limits, PlaceOrderRateLimit admission) {
    this.orders = orders;
    this.limits = limits;
    this.admission = admission;
  }

  @PostMapping
  ResponseEntity<OrderResponse> place(
      @Valid @RequestBody PlaceOrderRequest request,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Size(min = 1, max = 255)
          @Nullable String idempotencyKey) {
    // Charged once the request was read and validated: an invalid one costs nothing.
    limits.charge(ClientLimits.WRITES);
    admission.admit();
    var placed =
        orders.place(
            request.customerId(), request.orderLines(), Optional.ofNullable(idempotencyKey));
    var response =
        ResponseEntity.accepted().location(URI.create("/api/orders/" + placed.orderId()));
    if (placed.replayed()) {
      response.header(IDEMPOTENT_REPLAYED, "true");
    }
    return response.body(new OrderResponse(placed.orderId(), placed.status(), null));
  }

  @PostMapping("/{orderId}/cancel")
  ResponseEntity<OrderResponse> cancel(@PathVariable @Identifier String orderId) {
    limits.charge(ClientLimits.WRITES);
    return ResponseEntity.accepted().body(response(orders.cancel(orderId)));
  }

  @GetMapping("/{orderId}")
  OrderResponse get(@PathVariable @Identifier String orderId) {
    return response(orders.get(orderId));
  }

  private static OrderResponse response(Placed order) {
    return new OrderResponse(order.orderId(), order.status(), order.version());
  }
}
