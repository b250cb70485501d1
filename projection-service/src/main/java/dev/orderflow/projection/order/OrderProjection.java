package dev.orderflow.projection.order;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.platform.mongo.LastWritten;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.OrderViewStore.StoredOrderView;
import dev.orderflow.projection.order.domain.OrderProjector;
import dev.orderflow.projection.order.domain.OrderTransition;
import dev.orderflow.projection.order.domain.OrderView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Keeps the order views of one generation up to date: read the view, let {@link OrderProjector}
 * apply the event, write the result back only if nobody wrote in between, else start over (a {@link
 * CompareAndSet} on the view's revision, kind {@code order-view}). Events of one order arrive on
 * three topics, so three listener threads may update one view at once; no MongoDB transaction is
 * needed, just single-document conditional writes.
 *
 * <p>The view also records, for each version it applied, the position of the record whose handling
 * applied it. What follows the view (customer history, sales) is told which versions this record
 * applied first, also when the record is a redelivery after a crash between the view's write and
 * theirs; a duplicate published at another position is told nothing.
 */
public final class OrderProjection {

  public static final String NAME = "order";

  private final OrderViewStore store;
  private final OutcomeMetrics metrics;
  private final ApplicationEventPublisher changes;
  private final LastWritten<String, StoredOrderView> written = new LastWritten<>();

  /**
   * @param changes told of every applied change (the live stream); a rebuild passes one that
   *     ignores them
   */
  public OrderProjection(
      OrderViewStore store, OutcomeMetrics metrics, ApplicationEventPublisher changes) {
    this.store = store;
    this.metrics = metrics;
    this.changes = changes;
  }

  /** What applying one record did: the outcome, and the versions this record applied first. */
  public record OrderApplied(
      ProjectionOutcome<OrderView> outcome, List<OrderTransition> transitions) {

    public OrderApplied {
      transitions = List.copyOf(transitions);
    }
  }

  /** Applies an event of an order (from any topic), read at {@code position}, to its view. */
  public OrderApplied apply(DomainEvent event, RecordPosition position) {
    var orderId = event.subject();
    var done =
        CompareAndSet.until(
            Contended.of("order-view", orderId),
            CompareAndSet.ATTEMPTS,
            () -> applyOnce(orderId, event, position));
    metrics.count(done.outcome());
    if (done.outcome() instanceof Applied<OrderView> applied) {
      changes.publishEvent(OrderViewChanged.of(applied.view(), event.type()));
    }
    return done;
  }

  private Round<OrderApplied> applyOnce(
      String orderId, DomainEvent event, RecordPosition position) {
    var remembered = written.take(orderId);
    var stored = remembered.isPresent() ? remembered : store.find(orderId);
    var current = stored.map(StoredOrderView::view).orElseGet(() -> OrderView.empty(orderId));
    var outcome = OrderProjector.apply(current, event);
    var appliedBy = new HashMap<>(stored.map(StoredOrderView::appliedBy).orElse(Map.of()));
    var next = outcome.view();
    for (long version = current.version() + 1; version <= next.version(); version++) {
      appliedBy.put(version, position);
    }
    if (outcome.changesView()) {
      var nowStored = write(stored, next, appliedBy);
      if (nowStored.isEmpty()) {
        return Round.lost();
      }
      written.put(orderId, nowStored.get());
    } else if (remembered.isPresent()) {
      // Nothing to write, so nothing checked the remembered view: decide on the stored one.
      return Round.lost();
    }
    var transitions =
        appliedBy.entrySet().stream()
            .filter(applied -> applied.getValue().equals(position))
            .map(Map.Entry::getKey)
            .sorted()
            .flatMap(version -> next.transition(version).stream())
            .toList();
    return Round.done(new OrderApplied(outcome, transitions));
  }

  /** The order, once its {@code OrderPlaced} has been applied. */
  public Optional<OrderView> find(String orderId) {
    return store.find(orderId).map(StoredOrderView::view).filter(OrderView::placed);
  }

  /** What is stored now, or empty if another write came first. */
  private Optional<StoredOrderView> write(
      Optional<StoredOrderView> stored, OrderView next, Map<Long, RecordPosition> appliedBy) {
    if (stored.isPresent()) {
      var current = stored.get();
      return store.replace(current, next, appliedBy)
          ? Optional.of(current.next(next, appliedBy))
          : Optional.empty();
    }
    return store.insert(next, appliedBy)
        ? Optional.of(StoredOrderView.first(next, appliedBy))
        : Optional.empty();
  }
}
