package dev.orderflow.events;

import dev.orderflow.events.NotificationEvent.NotificationFailed;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One event of every type, built from fixed data, for the wire-format snapshots. */
final class EventFixtures {

  static final String ORDER = "5f1c2a9e-7a51-4d55-9a0e-3c3f0f6b8f21";
  static final String REJECTED_ORDER = "0b6e4a52-92d4-4c1b-8f57-5d0a2c1e9b30";
  static final Instant AT = Instant.parse("2026-03-14T09:26:53.589Z");
  static final Placement PLACEMENT =
      new Placement(
          "c-1",
          List.of(
              new OrderLine("SKU-1", 2, new BigDecimal("9.99")),
              new OrderLine("SKU-2", 1, new BigDecimal("120.00"))),
          new BigDecimal("139.98"));

  private EventFixtures() {}

  static List<DomainEvent> all() {
    return List.of(
        new OrderPlaced(ORDER, 1, AT, PLACEMENT.customerId(), PLACEMENT.lines(), PLACEMENT.total()),
        new OrderConfirmed(ORDER, 2, AT, PLACEMENT),
        new OrderRejected(REJECTED_ORDER, 2, AT, RejectionReason.INSUFFICIENT_STOCK, PLACEMENT),
        new OrderCancelled(ORDER, 3, AT, CancellationReason.CUSTOMER_REQUEST, PLACEMENT),
        new StockReserved(ORDER, AT, List.of(new StockLine("SKU-1", 2), new StockLine("SKU-2", 1))),
        new StockReservationFailed(
            REJECTED_ORDER,
            AT,
            RejectionReason.INSUFFICIENT_STOCK,
            List.of(new Shortage("SKU-2", 1, 0))),
        new StockReleased(ORDER, AT, List.of(new StockLine("SKU-1", 2), new StockLine("SKU-2", 1))),
        new StockLevelChanged("SKU-1", 42, AT, 100, 2, 98),
        new NotificationSent(
            ORDER, NotificationKind.ORDER_CONFIRMED, AT, "c-1@customers.orderflow.dev"),
        new NotificationFailed(
            REJECTED_ORDER,
            NotificationKind.ORDER_REJECTED,
            AT,
            "c-1@customers.orderflow.dev",
            "smtp: connection refused"));
  }
}
