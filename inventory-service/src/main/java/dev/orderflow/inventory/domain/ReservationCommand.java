package dev.orderflow.inventory.domain;

import dev.orderflow.events.ReservationEvent.StockLine;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What the saga asks of an order's reservation; {@code at} dates the event that answers it. */
public sealed interface ReservationCommand {

  String orderId();

  Instant at();

  /**
   * Reserve every line or none ({@code OrderPlaced}); lines as {@link ReservationLines} made them.
   */
  record Reserve(String orderId, List<StockLine> lines, Instant at) implements ReservationCommand {

    public Reserve {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(at, "at");
      lines = List.copyOf(lines);
    }
  }

  /** Give back what the order holds, once ({@code OrderCancelled}, {@code OrderRejected}). */
  record Release(String orderId, Instant at) implements ReservationCommand {

    public Release {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(at, "at");
    }
  }
}
