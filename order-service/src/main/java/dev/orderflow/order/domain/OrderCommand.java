package dev.orderflow.order.domain;

import dev.orderflow.events.OrderLine;
import java.time.Instant;
import java.util.List;

/**
 * What someone asks of an order. {@code at} is when they asked: the time of the resulting events.
 */
public sealed interface OrderCommand {

  String orderId();

  Instant at();

  record PlaceOrder(String orderId, String customerId, List<OrderLine> lines, Instant at)
      implements OrderCommand {

    public PlaceOrder {
      lines = List.copyOf(lines);
    }
  }

  /** Inventory reserved every line. */
  record ConfirmOrder(String orderId, Instant at) implements OrderCommand {}

  /** Inventory could not reserve the order, for {@code reason}. */
  record RejectOrder(String orderId, String reason, Instant at) implements OrderCommand {}

  record CancelOrder(String orderId, String reason, Instant at) implements OrderCommand {}
}
