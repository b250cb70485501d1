package dev.orderflow.projection.order;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.platform.mongo.LastWritten;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.OrderViewStore.StoredOrderView;
import dev.orderflow.projection.order.OrderViewStore.Write;
import dev.orderflow.projection.order.domain.OrderProjector;
import dev.orderflow.projection.order.domain.OrderTransition;
import dev.orderflow.projection.order.domain.OrderView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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

  /**
   * Applies an event of an order (from any topic), read at {@code position} from a record that
   * names no trace, to its view.
   */
  public OrderApplied apply(DomainEvent event, RecordPosition position) {
    return apply(new PositionedEvent(event, position));
  }

  /**
   * Applies the event of an order (from any topic) a record holds to its view, with the trace id
   * the record names.
   */
  public OrderApplied apply(PositionedEvent record) {
    var event = record.event();
    var orderId = event.subject();
    var done =
        CompareAndSet.until(
            Contended.of("order-view", orderId),
            CompareAndSet.ATTEMPTS,
            () -> applyOnce(orderId, record));
    metrics.count(done.outcome());
    if (done.outcome().announced()) {
      changes.publishEvent(OrderViewChanged.of(done.outcome().view(), event.type()));
    }
    return done;
  }

  private Round<OrderApplied> applyOnce(String orderId, PositionedEvent record) {
    var position = record.position();
    var remembered = written.take(orderId);
    var stored = remembered.isPresent() ? remembered : store.find(orderId);
    var current = stored.map(StoredOrderView::view).orElseGet(() -> OrderView.empty(orderId));
    var outcome = OrderProjector.apply(current, record.event(), record.traceId());
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
    return Round.done(new OrderApplied(outcome, transitions(next, appliedBy, position)));
  }

  /**
   * Applies a batch of records (of any orders, in the order read) to their views with one read of
   * the views not remembered and one conditional write per changed view: each order's records are
   * folded in memory with {@link OrderProjector}, as {@link #apply} would apply them one by one, so
   * the views, positions, outcomes and counts are the same. Announcements go out only once the
   * writes are stored. An order whose write lost (another writer: a listener thread with the same
   * order's events from another topic, or another instance), or whose records changed nothing on a
   * remembered view (a decision to write nothing is made on a fresh read), is applied again record
   * by record with {@link #apply}.
   *
   * @return what each record did, in the order of {@code records}
   */
  public List<OrderApplied> applyAll(List<PositionedEvent> records) {
    var byOrder = new LinkedHashMap<String, List<Integer>>();
    for (int i = 0; i < records.size(); i++) {
      byOrder.computeIfAbsent(records.get(i).event().subject(), id -> new ArrayList<>()).add(i);
    }
    var remembered = new HashMap<String, StoredOrderView>();
    var unknown = new ArrayList<String>();
    for (var orderId : byOrder.keySet()) {
      written
          .take(orderId)
          .ifPresentOrElse(stored -> remembered.put(orderId, stored), () -> unknown.add(orderId));
    }
    var read = unknown.isEmpty() ? Map.<String, StoredOrderView>of() : store.findAll(unknown);
    var results = new HashMap<Integer, OrderApplied>();
    var oneByOne = new ArrayList<Integer>();
    var folds = new ArrayList<Fold>();
    for (var order : byOrder.entrySet()) {
      var orderId = order.getKey();
      var stored = remembered.containsKey(orderId) ? remembered.get(orderId) : read.get(orderId);
      var fold = Fold.over(orderId, stored, order.getValue(), records);
      if (fold.changesView()) {
        folds.add(fold);
      } else if (remembered.containsKey(orderId)) {
        oneByOne.addAll(order.getValue());
      } else {
        results.putAll(fold.results());
      }
    }
    var lost = store.writeAll(folds.stream().map(Fold::write).toList());
    for (var fold : folds) {
      if (lost.contains(fold.orderId())) {
        oneByOne.addAll(fold.indexes());
      } else {
        written.put(fold.orderId(), fold.write().stored());
        results.putAll(fold.results());
      }
    }
    for (int i = 0; i < records.size(); i++) {
      var done = results.get(i);
      if (done != null) {
        metrics.count(done.outcome());
        if (done.outcome().announced()) {
          changes.publishEvent(
              OrderViewChanged.of(done.outcome().view(), records.get(i).event().type()));
        }
      }
    }
    oneByOne.sort(Comparator.naturalOrder());
    for (var i : oneByOne) {
      results.put(i, apply(records.get(i)));
    }
    var all = new ArrayList<OrderApplied>(records.size());
    for (int i = 0; i < records.size(); i++) {
      all.add(Objects.requireNonNull(results.get(i), "every record has a result"));
    }
    return all;
  }

  /** One order's records of a batch, folded onto its stored view in memory. */
  private record Fold(
      String orderId,
      List<Integer> indexes,
      Write write,
      boolean changesView,
      Map<Integer, OrderApplied> results) {

    static Fold over(
        String orderId,
        @Nullable StoredOrderView stored,
        List<Integer> indexes,
        List<PositionedEvent> records) {
      var view = stored == null ? OrderView.empty(orderId) : stored.view();
      var appliedBy =
          new HashMap<Long, RecordPosition>(stored == null ? Map.of() : stored.appliedBy());
      var outcomes = new ArrayList<ProjectionOutcome<OrderView>>(indexes.size());
      boolean changes = false;
      for (var index : indexes) {
        var record = records.get(index);
        var outcome = OrderProjector.apply(view, record.event(), record.traceId());
        for (long version = view.version() + 1; version <= outcome.view().version(); version++) {
          appliedBy.put(version, record.position());
        }
        outcomes.add(outcome);
        changes |= outcome.changesView();
        view = outcome.view();
      }
      var results = new HashMap<Integer, OrderApplied>();
      for (int k = 0; k < indexes.size(); k++) {
        var position = records.get(indexes.get(k)).position();
        results.put(
            indexes.get(k),
            new OrderApplied(outcomes.get(k), transitions(view, appliedBy, position)));
      }
      return new Fold(orderId, indexes, new Write(stored, view, appliedBy), changes, results);
    }
  }

  /**
   * The transitions of the versions the record at {@code position} applied first: the same from the
   * view after the whole batch as from the view after that record, since a transition depends only
   * on its own and the preceding version.
   */
  private static List<OrderTransition> transitions(
      OrderView view, Map<Long, RecordPosition> appliedBy, RecordPosition position) {
    return appliedBy.entrySet().stream()
        .filter(applied -> applied.getValue().equals(position))
        .map(Map.Entry::getKey)
        .sorted()
        .flatMap(version -> view.transition(version).stream())
        .toList();
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
