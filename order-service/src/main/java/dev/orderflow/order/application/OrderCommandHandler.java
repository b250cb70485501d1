package dev.orderflow.order.application;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderLine;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.Order.Placed;
import dev.orderflow.order.domain.OrderCommand;
import dev.orderflow.order.domain.OrderCommand.CancelOrder;
import dev.orderflow.order.domain.OrderCommand.ConfirmOrder;
import dev.orderflow.order.domain.OrderCommand.PlaceOrder;
import dev.orderflow.order.domain.OrderCommand.RejectOrder;
import dev.orderflow.order.domain.OrderDetails;
import dev.orderflow.order.domain.OrderNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Runs commands against orders, always the same way: load the order's events, let the aggregate
 * decide, append what it decided. When another append to the same order came first, it starts over
 * from a fresh load, a few times, before giving up.
 */
@Service
public class OrderCommandHandler {

  static final int ATTEMPTS = 5;

  private final OrderEventStore store;
  private final OrderIds ids;
  private final Clock clock;

  public OrderCommandHandler(OrderEventStore store, OrderIds ids, Clock clock) {
    this.store = store;
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * Places an order. With an {@code idempotencyKey}, the same request again returns the order the
   * first one placed instead of placing a second, and a different request with the same key is
   * refused.
   */
  public PlacedOrder place(
      String customerId, List<OrderLine> lines, Optional<String> idempotencyKey) {
    if (idempotencyKey.isEmpty()) {
      var orderId = ids.newId();
      var placed = place(store.startStream(orderId), Order.EMPTY, customerId, lines);
      return new PlacedOrder(orderId, placed.status(), false);
    }
    var key = idempotencyKey.get();
    var orderId = ids.forIdempotencyKey(customerId, key);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      var stream = store.load(orderId);
      switch (Order.replay(stream.events())) {
        case Placed existing -> {
          if (!sameOrder(existing.details(), customerId, lines)) {
            throw new IdempotencyKeyReusedException(key);
          }
          return new PlacedOrder(orderId, existing.status(), true);
        }
        case Order.Empty empty -> {
          try {
            return new PlacedOrder(
                orderId, place(stream, empty, customerId, lines).status(), false);
          } catch (ConcurrentAppendException e) {
            // The same request arrived twice at once and the other one won: the next load finds it.
          }
        }
      }
    }
    throw new OrderBusyException(orderId, ATTEMPTS);
  }

  public Placed cancel(String orderId) {
    return execute(orderId, at -> new CancelOrder(orderId, OrderCancelled.BY_CUSTOMER, at));
  }

  public Placed confirm(String orderId) {
    return execute(orderId, at -> new ConfirmOrder(orderId, at));
  }

  public Placed reject(String orderId, String reason) {
    return execute(orderId, at -> new RejectOrder(orderId, reason, at));
  }

  /** The order as its events say now: read-your-writes, straight from the event store. */
  public Placed get(String orderId) {
    return switch (Order.replay(store.load(orderId).events())) {
      case Placed placed -> placed;
      case Order.Empty empty -> throw new OrderNotFoundException(orderId);
    };
  }

  private Placed place(OrderStream stream, Order state, String customerId, List<OrderLine> lines) {
    var command = new PlaceOrder(stream.orderId(), customerId, lines, clock.instant());
    var events = Order.decide(command, state);
    store.append(stream, events);
    return (Placed) apply(state, events);
  }

  private Placed execute(String orderId, Function<Instant, OrderCommand> command) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      var stream = store.load(orderId);
      var state = Order.replay(stream.events());
      var events = Order.decide(command.apply(clock.instant()), state);
      if (events.isEmpty()) {
        return (Placed) state;
      }
      try {
        store.append(stream, events);
        return (Placed) apply(state, events);
      } catch (ConcurrentAppendException e) {
        // Decide again on what the other append changed.
      }
    }
    throw new OrderBusyException(orderId, ATTEMPTS);
  }

  private static Order apply(Order state, List<OrderEvent> events) {
    for (var event : events) {
      state = Order.evolve(state, event);
    }
    return state;
  }

  private static boolean sameOrder(
      OrderDetails existing, String customerId, List<OrderLine> lines) {
    if (!existing.customerId().equals(customerId) || existing.lines().size() != lines.size()) {
      return false;
    }
    for (int i = 0; i < lines.size(); i++) {
      var a = existing.lines().get(i);
      var b = lines.get(i);
      if (!a.sku().equals(b.sku())
          || a.quantity() != b.quantity()
          || a.unitPrice().compareTo(b.unitPrice()) != 0) {
        return false;
      }
    }
    return true;
  }
}
