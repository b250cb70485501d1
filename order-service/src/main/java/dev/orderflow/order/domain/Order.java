package dev.orderflow.order.domain;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.Placement;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.order.domain.OrderCommand.CancelOrder;
import dev.orderflow.order.domain.OrderCommand.ConfirmOrder;
import dev.orderflow.order.domain.OrderCommand.PlaceOrder;
import dev.orderflow.order.domain.OrderCommand.RejectOrder;
import dev.orderflow.order.domain.OrderCommand.TimeOutOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Order aggregate as two pure functions over a sealed state: {@link #decide} turns a command
 * into the events it causes (or refuses it), {@link #evolve} folds an event into the next state.
 * Neither reads a clock, generates an id or touches storage: time and ids arrive in the command.
 *
 * <pre>
 *            OrderPlaced         OrderConfirmed
 *   Empty ─────────────▶ Pending ───────────▶ Confirmed
 *                          │  │                   │
 *           OrderRejected  │  │ OrderCancelled    │ OrderCancelled
 *                          ▼  ▼                   ▼
 *                   Rejected  Cancelled ◀─────────┘
 * </pre>
 *
 * <p>{@code OrderRejected} follows a failed reservation, or the saga's deadline: an order still
 * pending when it passes is rejected with reason {@value TimeOutOrder#REASON}. Every terminal event
 * repeats the order's {@link Placement}, so its readers need no copy of {@code OrderPlaced}.
 */
public sealed interface Order {

  Order EMPTY = new Empty();

  /** No event yet: the order does not exist. */
  record Empty() implements Order {}

  /** Placed; waiting for inventory to reserve every line or none, until the saga's deadline. */
  record Pending(OrderDetails details, long version) implements Placed {

    /** True once {@code deadline} has passed since the order was placed. */
    boolean overdue(Duration deadline, Instant now) {
      return !now.isBefore(details.placedAt().plus(deadline));
    }
  }

  /** Every line is reserved. */
  record Confirmed(OrderDetails details, long version) implements Placed {}

  /**
   * Could not be fulfilled: stock was short, or inventory did not answer in time. Nothing stays
   * reserved for it.
   */
  record Rejected(OrderDetails details, long version, RejectionReason reason) implements Placed {}

  /** Cancelled by the customer; its reservation, if any, is being released. */
  record Cancelled(OrderDetails details, long version, CancellationReason reason)
      implements Placed {}

  /** An order that exists. */
  sealed interface Placed extends Order {

    OrderDetails details();

    long version();

    default String orderId() {
      return details().orderId();
    }

    /** What was ordered, as the order's terminal events repeat it for their readers. */
    default Placement placement() {
      var details = details();
      return new Placement(details.customerId(), details.lines(), details.total());
    }

    default OrderStatus status() {
      return switch (this) {
        case Pending p -> OrderStatus.PENDING;
        case Confirmed c -> OrderStatus.CONFIRMED;
        case Rejected r -> OrderStatus.REJECTED;
        case Cancelled c -> OrderStatus.CANCELLED;
      };
    }
  }

  /** The state after all {@code events}, oldest first. */
  static Order replay(List<? extends OrderEvent> events) {
    Order state = EMPTY;
    for (var event : events) {
      state = evolve(state, event);
    }
    return state;
  }

  static Order evolve(Order state, OrderEvent event) {
    return switch (event) {
      case OrderPlaced e ->
          new Pending(
              new OrderDetails(e.orderId(), e.customerId(), e.lines(), e.total(), e.occurredAt()),
              e.version());
      case OrderConfirmed e -> new Confirmed(placed(state, e).details(), e.version());
      case OrderRejected e -> new Rejected(placed(state, e).details(), e.version(), e.reason());
      case OrderCancelled e -> new Cancelled(placed(state, e).details(), e.version(), e.reason());
    };
  }

  /**
   * The events {@code command} causes in {@code state}; none when the command is already satisfied
   * (a redelivered confirmation, say). Throws an {@link OrderException} when the command is
   * refused.
   */
  static List<OrderEvent> decide(OrderCommand command, Order state) {
    return switch (command) {
      case PlaceOrder c -> place(c, state);
      case ConfirmOrder c ->
          switch (existing(state, c)) {
            case Pending p ->
                List.of(new OrderConfirmed(p.orderId(), p.version() + 1, c.at(), p.placement()));
            // Already decided: a redelivered reservation, or one that lost the race with a cancel
            // or with the saga's deadline (inventory releases it when it sees OrderCancelled or
            // OrderRejected).
            case Confirmed x -> List.of();
            case Rejected x -> List.of();
            case Cancelled x -> List.of();
          };
      case RejectOrder c ->
          switch (existing(state, c)) {
            case Pending p ->
                List.of(
                    new OrderRejected(
                        p.orderId(), p.version() + 1, c.at(), c.reason(), p.placement()));
            case Confirmed x -> List.of();
            case Rejected x -> List.of();
            case Cancelled x -> List.of();
          };
      case TimeOutOrder c ->
          switch (existing(state, c)) {
            case Pending p when p.overdue(c.deadline(), c.at()) ->
                List.of(
                    new OrderRejected(
                        p.orderId(), p.version() + 1, c.at(), TimeOutOrder.REASON, p.placement()));
            // Not overdue yet: inventory may still answer in time.
            case Pending p -> List.of();
            // Decided in time: a deadline never overrides an answer.
            case Confirmed x -> List.of();
            case Rejected x -> List.of();
            case Cancelled x -> List.of();
          };
      case CancelOrder c ->
          switch (existing(state, c)) {
            case Pending p -> cancel(p, c);
            case Confirmed o -> cancel(o, c);
            case Rejected r ->
                throw new IllegalTransitionException(r.orderId(), r.status(), "cancel");
            case Cancelled x ->
                throw new IllegalTransitionException(x.orderId(), x.status(), "cancel");
          };
    };
  }

  private static List<OrderEvent> place(PlaceOrder command, Order state) {
    if (state instanceof Placed placed) {
      throw new OrderAlreadyExistsException(placed.orderId());
    }
    if (command.lines().isEmpty()) {
      throw new InvalidOrderException("an order needs at least one line");
    }
    for (var line : command.lines()) {
      if (line.quantity() < 1) {
        throw new InvalidOrderException("quantity of " + line.sku() + " must be at least 1");
      }
      if (line.unitPrice().signum() < 0) {
        throw new InvalidOrderException("unit price of " + line.sku() + " must not be negative");
      }
    }
    var total =
        command.lines().stream()
            .map(line -> line.lineTotal())
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    return List.of(
        new OrderPlaced(
            command.orderId(), 1, command.at(), command.customerId(), command.lines(), total));
  }

  private static List<OrderEvent> cancel(Placed order, CancelOrder command) {
    return List.of(
        new OrderCancelled(
            order.orderId(),
            order.version() + 1,
            command.at(),
            command.reason(),
            order.placement()));
  }

  private static Placed existing(Order state, OrderCommand command) {
    return switch (state) {
      case Placed placed -> placed;
      case Empty e -> throw new OrderNotFoundException(command.orderId());
    };
  }

  private static Placed placed(Order state, OrderEvent event) {
    return switch (state) {
      case Placed placed -> placed;
      case Empty e ->
          throw new IllegalStateException(
              event.type()
                  + " v"
                  + event.version()
                  + " of order "
                  + event.orderId()
                  + " before OrderPlaced");
    };
  }
}
