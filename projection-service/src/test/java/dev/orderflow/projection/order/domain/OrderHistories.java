package dev.orderflow.projection.order.domain;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReserved;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Event histories of orders, as the other services would publish them, with fixed times. */
public final class OrderHistories {

  public static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private OrderHistories() {}

  public static OrderPlaced placed(String orderId, String customerId, Instant at) {
    var lines =
        List.of(
            new OrderLine("SKU-1", 2, new BigDecimal("9.99")),
            new OrderLine("SKU-2", 1, new BigDecimal("0.02")));
    var total = lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new OrderPlaced(orderId, 1, at, customerId, lines, total);
  }

  public static OrderPlaced placed(String orderId) {
    return placed(orderId, "c-1", T0);
  }

  /**
   * Placed, reserved, confirmed, notified, cancelled, released, notified: three order events
   * (versions 1 to 3) and four events of the other topics, in the order they happened.
   */
  public static List<DomainEvent> placedConfirmedCancelled(String orderId) {
    var reserved = List.of(new StockLine("SKU-1", 2), new StockLine("SKU-2", 1));
    return List.of(
        placed(orderId),
        new StockReserved(orderId, T0.plusMillis(400), reserved),
        new OrderConfirmed(orderId, 2, T0.plusSeconds(1)),
        new NotificationSent(
            orderId, NotificationKind.ORDER_CONFIRMED, T0.plusSeconds(2), "c-1@example.com"),
        new OrderCancelled(orderId, 3, T0.plusSeconds(5), CancellationReason.CUSTOMER_REQUEST),
        new StockReleased(orderId, T0.plusSeconds(6), reserved),
        new NotificationSent(
            orderId, NotificationKind.ORDER_CANCELLED, T0.plusSeconds(7), "c-1@example.com"));
  }
}
