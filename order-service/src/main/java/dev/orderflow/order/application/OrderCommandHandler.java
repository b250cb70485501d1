package dev.orderflow.order.application;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.Order.Placed;
import dev.orderflow.order.domain.OrderAlreadyExistsException;
import dev.orderflow.order.domain.OrderCommand;
import dev.orderflow.order.domain.OrderCommand.CancelOrder;
import dev.orderflow.order.domain.OrderCommand.ConfirmOrder;
import dev.orderflow.order.domain.OrderCommand.PlaceOrder;
import dev.orderflow.order.domain.OrderCommand.RejectOrder;
import dev.orderflow.order.domain.OrderCommand.TimeOutOrder;
import dev.orderflow.order.domain.OrderDetails;
import dev.orderflow.order.domain.OrderNotFoundException;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Runs commands against orders, always the same way: load the order's events, let the aggregate
 * decide, append what it decided. When another append to the same order came first, it starts over
 * from a fresh load: the platform's {@link CompareAndSet} loop, whose {@code ContentionException}
 * (kind {@value #ORDER}) a Kafka listener retries later and HTTP answers as {@code 409 order-busy}.
 *
 * <p>It also keeps the {@link PendingOrders} reminders of the saga's deadline: one is written with
 * an order's first commit, by the event store in the same insert, so no order can exist without
 * one, and removed here once the order is decided.
 */
@Service
public class OrderCommandHandler {

  private static final Logger log = LoggerFactory.getLogger(OrderCommandHandler.class);

  /** What a command contends for: its problem type when it keeps losing is {@code order-busy}. */
  static final String ORDER = "order";

  private final OrderEventStore store;
  private final PendingOrders pending;
  private final OrderIds ids;
  private final SagaMetrics metrics;
  private final Clock clock;
  private final Placements placements;

  /** Each placement with its own writes ({@link Placements#direct}). */
  public OrderCommandHandler(
      OrderEventStore store,
      PendingOrders pending,
      OrderIds ids,
      SagaMetrics metrics,
      Clock clock) {
    this(store, pending, ids, metrics, clock, Placements.direct(store));
  }

  /** Placements written through {@code placements}, a {@link GroupCommit} in the service. */
  @Autowired
  public OrderCommandHandler(
      OrderEventStore store,
      PendingOrders pending,
      OrderIds ids,
      SagaMetrics metrics,
      Clock clock,
      Placements placements) {
    this.store = store;
    this.pending = pending;
    this.ids = ids;
    this.metrics = metrics;
    this.clock = clock;
    this.placements = placements;
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
      var placed =
          place(store.startStream(orderId), Order.EMPTY, customerId, lines)
              // A random id already taken: as unlikely as it gets, but never an order overwritten.
              .orElseThrow(() -> new OrderAlreadyExistsException(orderId));
      return new PlacedOrder(orderId, placed.status(), false);
    }
    var key = idempotencyKey.get();
    var orderId = ids.forIdempotencyKey(customerId, key);
    // A key seen for the first time is the common case: the order is written at once, as a new
    // stream, and only a commit that finds the order already there reads it (issue 19: one read
    // per placement saved). A repeat may leave a reminder behind for an order already decided,
    // which the deadline sweep drops when it finds the order decided.
    var first = place(store.startStream(orderId), Order.EMPTY, customerId, lines);
    if (first.isPresent()) {
      return new PlacedOrder(orderId, first.get().status(), false);
    }
    // Repeated, or the same request twice at once: read the order that won, answer with it if it
    // is the same request, refuse it otherwise.
    return CompareAndSet.until(
        Contended.of(ORDER, orderId),
        CompareAndSet.ATTEMPTS,
        () -> {
          var stream = store.load(orderId);
          return switch (Order.replay(stream.events())) {
            case Placed existing -> {
              if (!sameOrder(existing.details(), customerId, lines)) {
                throw new IdempotencyKeyReusedException(key);
              }
              yield Round.done(new PlacedOrder(orderId, existing.status(), true));
            }
            case Order.Empty empty ->
                place(stream, empty, customerId, lines)
                    .<Round<PlacedOrder>>map(
                        placed -> Round.done(new PlacedOrder(orderId, placed.status(), false)))
                    .orElseGet(Round::lost);
          };
        });
  }

  public Placed cancel(String orderId) {
    return execute(orderId, at -> new CancelOrder(orderId, CancellationReason.CUSTOMER_REQUEST, at))
        .order();
  }

  public Placed confirm(String orderId) {
    return execute(orderId, at -> new ConfirmOrder(orderId, at)).order();
  }

  public Placed reject(String orderId, RejectionReason reason) {
    return execute(orderId, at -> new RejectOrder(orderId, reason, at)).order();
  }

  /**
   * Confirms or rejects many orders at once, as {@link #confirm} and {@link #reject} would one by
   * one, with one load of all their streams ({@link OrderEventStore#loadReplied}: a reply answers a
   * published placement, and a placement this process made needs no read), one append of all the
   * new commits ({@link OrderEventStore#appendAll}) and one removal of the reminders of the orders
   * now decided. The same events are stored, published, logged and counted as one by one.
   *
   * <p>What it cannot decide alone it leaves to the caller, who applies it one at a time with
   * {@link #confirm} or {@link #reject}: a reply whose append lost to another writer (the call
   * loads and decides again), and a reply for an order that does not exist (the call fails as it
   * would).
   *
   * @param replies at most one per order: two replies for one order depend on each other's outcome
   * @param scope runs the work of reply {@code i} in that reply's context (its trace and logging
   *     context), as a call of {@link #confirm} for it would run
   * @return the indexes (in {@code replies}) left to the caller
   */
  public Set<Integer> decideAll(List<SagaReply> replies, ReplyScope scope) {
    var orderIds = replies.stream().map(SagaReply::orderId).toList();
    if (Set.copyOf(orderIds).size() != orderIds.size()) {
      throw new IllegalArgumentException("Two replies for one order in one batch: " + orderIds);
    }
    var streams = store.loadReplied(orderIds);
    var leftOver = new HashSet<Integer>();
    var decided = new ArrayList<String>();
    var appending = new ArrayList<Appending>();
    for (int i = 0; i < replies.size(); i++) {
      var reply = replies.get(i);
      var stream = streams.get(reply.orderId());
      if (stream == null || !(Order.replay(stream.events()) instanceof Placed state)) {
        leftOver.add(i); // No such order: the call one by one fails with the record's own cause.
        continue;
      }
      var events = Order.decide(command(reply, clock.instant()), state);
      if (events.isEmpty()) {
        if (!(state instanceof Order.Pending)) {
          decided.add(reply.orderId());
        }
        continue;
      }
      var prepared = new ArrayList<OrderEventStore.PreparedAppend>(1);
      scope.run(i, () -> prepared.add(store.prepare(stream, events)));
      appending.add(new Appending(i, stream, state, events, prepared.getFirst()));
    }
    var lost = store.appendAll(appending.stream().map(Appending::prepared).toList());
    for (int j = 0; j < appending.size(); j++) {
      var append = appending.get(j);
      if (lost.contains(j)) {
        leftOver.add(append.index()); // Another writer came first: decide again on its change.
        continue;
      }
      scope.run(append.index(), () -> stored(append.stream(), append.events()));
      if (!(apply(append.state(), append.events()) instanceof Order.Pending)) {
        decided.add(append.stream().orderId());
      }
    }
    forget(decided);
    return Set.copyOf(leftOver);
  }

  /** Runs the work of one reply of a batch in that reply's context: see {@link #decideAll}. */
  @FunctionalInterface
  public interface ReplyScope {

    void run(int index, Runnable work);
  }

  private static OrderCommand command(SagaReply reply, Instant at) {
    return switch (reply) {
      case SagaReply.Reserved reserved -> new ConfirmOrder(reserved.orderId(), at);
      case SagaReply.ReservationFailed failed ->
          new RejectOrder(failed.orderId(), failed.reason(), at);
    };
  }

  /** An append of {@link #decideAll}, with what its reply needs once it is stored. */
  private record Appending(
      int index,
      OrderStream stream,
      Order state,
      List<OrderEvent> events,
      OrderEventStore.PreparedAppend prepared) {}

  /**
   * Rejects the order with reason {@value TimeOutOrder#REASON} if it is still pending {@code
   * deadline} after it was placed.
   *
   * @return true if this call rejected it
   */
  public boolean timeOut(String orderId, Duration deadline) {
    return execute(orderId, at -> new TimeOutOrder(orderId, deadline, at)).changed();
  }

  /** The order as its events say now: read-your-writes, straight from the event store. */
  public Placed get(String orderId) {
    return switch (Order.replay(store.load(orderId).events())) {
      case Placed placed -> placed;
      case Order.Empty empty -> throw new OrderNotFoundException(orderId);
    };
  }

  /** The placed order, or empty if another append to the same order came first. */
  private Optional<Placed> place(
      OrderStream stream, Order state, String customerId, List<OrderLine> lines) {
    var command = new PlaceOrder(stream.orderId(), customerId, lines, clock.instant());
    var events = Order.decide(command, state);
    // One insert: the commit carries the order's reminder (Placements).
    if (!placements.place(stream, events)) {
      return Optional.empty();
    }
    stored(stream, events);
    return Optional.of((Placed) apply(state, events));
  }

  private Decision execute(String orderId, Function<Instant, OrderCommand> command) {
    return settled(
        CompareAndSet.until(
            Contended.of(ORDER, orderId),
            CompareAndSet.ATTEMPTS,
            () -> {
              var stream = store.load(orderId);
              var state = Order.replay(stream.events());
              var events = Order.decide(command.apply(clock.instant()), state);
              if (events.isEmpty()) {
                return Round.done(new Decision((Placed) state, false));
              }
              if (!store.append(stream, events)) {
                return Round.lost(); // Decide again on what the other append changed.
              }
              stored(stream, events);
              return Round.done(new Decision((Placed) apply(state, events), true));
            }));
  }

  /** Each saga step, once it is stored: one log line (with the order's id) and the metrics. */
  private void stored(OrderStream stream, List<OrderEvent> events) {
    try (var ignored = MDC.putCloseable("orderId", stream.orderId())) {
      for (var event : events) {
        switch (event) {
          case OrderPlaced placed ->
              log.info(
                  "Order {} placed by {}: {} lines, total {}",
                  placed.orderId(),
                  placed.customerId(),
                  placed.lines().size(),
                  placed.total());
          case OrderConfirmed confirmed -> log.info("Order {} confirmed", confirmed.orderId());
          case OrderRejected rejected ->
              log.info("Order {} rejected: {}", rejected.orderId(), rejected.reason());
          case OrderCancelled cancelled ->
              log.info("Order {} cancelled: {}", cancelled.orderId(), cancelled.reason());
        }
      }
    }
    metrics.appended(stream.events(), events);
  }

  /** Forgets the reminder of an order that is no longer pending. */
  private Decision settled(Decision decision) {
    if (!(decision.order() instanceof Order.Pending)) {
      try {
        pending.remove(decision.order().orderId());
      } catch (RuntimeException e) {
        // The decision is stored, so it must not fail now; the deadline sweep finds the order
        // decided and drops the reminder then.
        log.warn(
            "Could not forget the deadline reminder of {}: {}",
            decision.order().orderId(),
            e.toString());
      }
    }
    return decision;
  }

  /** Forgets the reminders of orders no longer pending, as {@link #settled} does for one. */
  private void forget(List<String> orderIds) {
    if (orderIds.isEmpty()) {
      return;
    }
    try {
      pending.removeAll(orderIds);
    } catch (RuntimeException e) {
      log.warn(
          "Could not forget the deadline reminders of {} decided orders: {}",
          orderIds.size(),
          e.toString());
    }
  }

  /** The order after a command, and whether the command changed it. */
  private record Decision(Placed order, boolean changed) {}

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
