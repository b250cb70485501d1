package dev.orderflow.projection.order;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.platform.concurrency.ContentionException;
import dev.orderflow.platform.mongo.LastWritten;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.OrderViewStore.StoredOrderView;
import dev.orderflow.projection.order.OrderViewStore.Write;
import dev.orderflow.projection.order.domain.OrderProjector;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderTransition;
import dev.orderflow.projection.order.domain.OrderView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
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
 *
 * <p><b>Written behind</b> (the live intake's, issue 19): the views a batch changes are kept in
 * memory, counted and announced, and stored later by {@link #flush}, so that the three or four
 * events of an order, which come in separate polls, cost one write instead of one each. The caller
 * tells what derives from the views only of the records whose views are stored ({@link Stored}),
 * and commits a poll's offsets only once that is done (intake {@code WrittenBehind}): a crash loses
 * nothing committed, and the records after the last commit are applied again. A view's write at the
 * flush is as conditional as ever; one that lost (another instance wrote the view meanwhile) is
 * read again, the records applied since the last store are folded onto it once more and announced
 * again, and it is written again. {@link #find} answers from memory first.
 *
 * <p>A flush that is due ({@link #flushDueAt}, {@link #flushDue}) stores every changed view but the
 * views of orders still awaiting their decision ({@link OrderStatus#PENDING}, or not placed yet),
 * which wait for it up to {@link WritesBehind#pendingViews} from their oldest change not stored:
 * then the placement, the reservation and the decision cost one write of the view, and customer
 * history one write of the order, also where the saga takes longer than a flush interval (at the
 * stack's capacity, or on a slow machine). What derives from the views hears of their records when
 * they are stored; the records of a held view make no sale (only a confirmation or the cancellation
 * of a confirmed order does, and neither leaves an order pending), so the sales, which skip what
 * they counted by offset per partition, still hear of every record that counts in record order.
 * {@link #flush} stores everything (a switch, a rebalance, a stop).
 */
public final class OrderProjection {

  public static final String NAME = "order";

  private final OrderViewStore store;
  private final OutcomeMetrics metrics;
  private final ApplicationEventPublisher changes;
  private final LastWritten<String, StoredOrderView> written = new LastWritten<>();
  private final boolean behind;

  /** Written behind: how long a view waits to be stored ({@link System#nanoTime} units). */
  private final long viewsWait;

  /** Written behind: how long the view of an order awaiting its decision may wait. */
  private final long pendingViewsWait;

  /**
   * Written behind: the views changed and not stored yet, by order. Guards itself, lastFlush and
   * sinceFlush.
   */
  private final Map<String, Unstored> unstored = new LinkedHashMap<>();

  /**
   * Written behind: when the last flush that ended took its records, once it had stored the views
   * ({@link System#nanoTime}).
   */
  private long lastFlush = System.nanoTime();

  /** Written behind: the records applied since the last flush, in the order applied. */
  private final List<Logged> sinceFlush = new ArrayList<>();

  /** Held by a flush, from storing the views to forgetting what it derived. */
  private final Object flushing = new Object();

  /**
   * @param changes told of every applied change (the live stream); a rebuild passes one that
   *     ignores them
   */
  public OrderProjection(
      OrderViewStore store, OutcomeMetrics metrics, ApplicationEventPublisher changes) {
    this(store, metrics, changes, false);
  }

  /**
   * @param behind keep changed views in memory until {@link #flush} stores them, instead of storing
   *     them before {@link #applyAll} returns; every flush is due at once, and none holds a view
   */
  public OrderProjection(
      OrderViewStore store,
      OutcomeMetrics metrics,
      ApplicationEventPublisher changes,
      boolean behind) {
    this(store, metrics, changes, behind ? new WritesBehind(Duration.ZERO, Duration.ZERO) : null);
  }

  /**
   * @param behind how the changed views are kept in memory until a flush stores them; null stores
   *     them before {@link #applyAll} returns
   */
  public OrderProjection(
      OrderViewStore store,
      OutcomeMetrics metrics,
      ApplicationEventPublisher changes,
      @Nullable WritesBehind behind) {
    this.store = store;
    this.metrics = metrics;
    this.changes = changes;
    this.behind = behind != null;
    this.viewsWait = behind == null ? 0 : behind.views().toNanos();
    this.pendingViewsWait = behind == null ? 0 : behind.pendingViews().toNanos();
  }

  /**
   * How long changed views wait in memory before a flush is due for them.
   *
   * @param views any view, from its oldest change not stored
   * @param pendingViews the view of an order awaiting its decision, from its oldest change not
   *     stored; no longer than {@code views} holds none
   */
  public record WritesBehind(Duration views, Duration pendingViews) {

    public WritesBehind {
      Objects.requireNonNull(views, "views");
      Objects.requireNonNull(pendingViews, "pendingViews");
      if (views.isNegative() || pendingViews.isNegative()) {
        throw new IllegalArgumentException("A wait must not be negative");
      }
    }
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
    if (behind) {
      return applyBehind(List.of(record)).getFirst();
    }
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
    if (behind) {
      return applyBehind(records);
    }
    var byOrder = byOrder(records);
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
    countAndAnnounce(records, results);
    oneByOne.sort(Comparator.naturalOrder());
    for (var i : oneByOne) {
      results.put(i, apply(records.get(i)));
    }
    return inOrder(records, results);
  }

  /**
   * {@link #applyAll} written behind: each order's records folded onto its view in memory (the
   * unstored one, else the one last stored, else the one read, in one {@code find $in} for all),
   * counted and announced at once, and logged for the next {@link #flush}; nothing is written.
   */
  private List<OrderApplied> applyBehind(List<PositionedEvent> records) {
    var byOrder = byOrder(records);
    var bases = new HashMap<String, StoredOrderView>();
    var unknown = new ArrayList<String>();
    synchronized (unstored) {
      for (var orderId : byOrder.keySet()) {
        if (!unstored.containsKey(orderId)) {
          written
              .take(orderId)
              .ifPresentOrElse(stored -> bases.put(orderId, stored), () -> unknown.add(orderId));
        }
      }
    }
    // Read without holding the views: a query's find waits for no database round trip.
    bases.putAll(unknown.isEmpty() ? Map.of() : store.findAll(unknown));
    var results = new HashMap<Integer, OrderApplied>();
    synchronized (unstored) {
      var now = System.nanoTime();
      var logged = new ArrayList<Logged>(records.size());
      for (var record : records) {
        logged.add(new Logged(record, now));
      }
      for (var order : byOrder.entrySet()) {
        var orderId = order.getKey();
        var indexes = order.getValue();
        var pending = unstored.get(orderId);
        var base = pending != null ? pending.base() : bases.get(orderId);
        var fold = Fold.over(orderId, pending != null ? pending.folded() : base, indexes, records);
        for (var index : indexes) {
          logged.get(index).result = fold.results().get(index);
        }
        if (pending != null || fold.changesView()) {
          var applied = new ArrayList<Logged>();
          if (pending != null) {
            applied.addAll(pending.records());
          }
          indexes.forEach(index -> applied.add(logged.get(index)));
          unstored.put(
              orderId, new Unstored(base, fold.write().next(), fold.write().appliedBy(), applied));
        } else if (base != null) {
          written.put(orderId, base);
        }
        results.putAll(fold.results());
      }
      sinceFlush.addAll(logged);
    }
    countAndAnnounce(records, results);
    return inOrder(records, results);
  }

  /** Whether the views are kept in memory until {@link #flush} stores them. */
  public boolean writesBehind() {
    return behind;
  }

  /**
   * When the next flush is due ({@link System#nanoTime}): {@code views} after the oldest record not
   * flushed was applied, or, when every record waiting is of a view that waits for its decision,
   * {@code pendingViews} after the oldest change of those views; in any case not sooner than {@code
   * views} after the last flush, so that a view held and decided since, or held long enough, goes
   * with the next flush in that rhythm instead of calling one of its own. Empty when nothing waits
   * (always, when not written behind).
   */
  public OptionalLong flushDueAt() {
    synchronized (unstored) {
      if (sinceFlush.isEmpty()) {
        return OptionalLong.empty();
      }
      var rhythm = lastFlush + viewsWait;
      // In the order applied: the first record of a view that does not wait for its decision is
      // the oldest of them.
      for (var logged : sinceFlush) {
        var view = unstored.get(logged.orderId());
        if (view == null || !view.awaitsDecision()) {
          return OptionalLong.of(later(rhythm, logged.appliedAt() + viewsWait));
        }
      }
      var oldest = Objects.requireNonNull(unstored.get(sinceFlush.getFirst().orderId()));
      return OptionalLong.of(later(rhythm, oldest.since() + Math.max(viewsWait, pendingViewsWait)));
    }
  }

  private static long later(long one, long other) {
    return other - one > 0 ? other : one;
  }

  /**
   * Written behind: stores every view changed since the last flush, in one {@code insertMany} and
   * one {@code bulkWrite} as {@link #applyAll} does, then gives {@code derive} every record applied
   * since the last flush, in the order applied, with its result: what derives from the views hears
   * of a record only once its view is stored, and in record order, as the counters' offsets per
   * partition need. A write that lost (another writer stored the view meanwhile) is read again, the
   * view's records folded onto it once more and announced again, and it is written again. One flush
   * at a time; what {@code derive} was given is forgotten only once it returned.
   *
   * @return when the records flushed were taken ({@link System#nanoTime}): everything applied
   *     before then is stored and derived
   * @throws ContentionException if views still lost after {@link CompareAndSet#ATTEMPTS} rounds
   * @throws RuntimeException whatever the store or {@code derive} threw; what was not flushed stays
   *     for the next flush
   */
  public long flush(Consumer<Stored> derive) {
    return flush(derive, false);
  }

  /**
   * Written behind: {@link #flush} but for the views of orders awaiting their decision whose oldest
   * change not stored is younger than {@code pendingViews}: they stay in memory, and their records
   * for a later flush, which the commits wait for.
   *
   * @return a time ({@link System#nanoTime}) before which every record applied is stored and
   *     derived: when the records were taken, or just before the oldest record held
   */
  public long flushDue(Consumer<Stored> derive) {
    return flush(derive, pendingViewsWait > viewsWait);
  }

  private long flush(Consumer<Stored> derive, boolean holding) {
    synchronized (flushing) {
      Stored taken;
      List<Logged> records;
      long storedThrough;
      synchronized (unstored) {
        var held = holding ? held(System.nanoTime()) : Set.<String>of();
        storeUnstored(held);
        // Taken once the views are stored, as the records are: nothing is applied meanwhile.
        var takenAt = System.nanoTime();
        records = new ArrayList<>(sinceFlush.size());
        storedThrough = takenAt;
        for (var logged : sinceFlush) {
          if (!held.contains(logged.orderId())) {
            records.add(logged);
          } else if (logged.appliedAt() - storedThrough <= 0) {
            storedThrough = logged.appliedAt() - 1;
          }
        }
        taken = new Stored(records, takenAt);
      }
      if (!taken.isEmpty()) {
        derive.accept(taken);
      }
      synchronized (unstored) {
        // Only a flush that ended sets the rhythm: one that failed is tried again at the next look.
        lastFlush = taken.takenAt();
        if (records.size() == sinceFlush.size()) {
          sinceFlush.clear();
        } else {
          var done = Collections.newSetFromMap(new IdentityHashMap<Logged, Boolean>());
          done.addAll(records);
          sinceFlush.removeIf(done::contains);
        }
      }
      return storedThrough;
    }
  }

  /** Holding {@code unstored}: the orders whose views wait for their decision now. */
  private Set<String> held(long now) {
    var held = new HashSet<String>();
    unstored.forEach((orderId, view) -> {
      if (view.awaitsDecision() && now - view.since() < pendingViewsWait) {
        held.add(orderId);
      }
    });
    return held;
  }

  /**
   * Holding {@code unstored}: writes every view in it but the {@code held} ones, folding again
   * those whose write lost.
   */
  private void storeUnstored(Set<String> held) {
    var due = new LinkedHashMap<>(unstored);
    due.keySet().removeAll(held);
    for (int round = 1; !due.isEmpty(); round++) {
      var writes = due.values().stream().map(Unstored::write).toList();
      Set<String> lost = store.writeAll(writes);
      for (var write : writes) {
        if (!lost.contains(write.orderId())) {
          unstored.remove(write.orderId());
          written.put(write.orderId(), write.stored());
        }
      }
      if (lost.isEmpty()) {
        return;
      }
      if (round == CompareAndSet.ATTEMPTS) {
        throw new ContentionException(
            Contended.of("order-view", lost.iterator().next()), CompareAndSet.ATTEMPTS);
      }
      var fresh = store.findAll(lost);
      due.clear();
      for (var orderId : lost) {
        var again = Objects.requireNonNull(unstored.get(orderId)).onto(fresh.get(orderId));
        unstored.put(orderId, again);
        due.put(orderId, again);
        for (var record : again.records()) {
          var done = Objects.requireNonNull(record.result);
          if (done.outcome().announced()) {
            changes.publishEvent(
                OrderViewChanged.of(done.outcome().view(), record.record().event().type()));
          }
        }
      }
    }
  }

  /** Whether nothing applied waits for a flush (always, when not written behind). */
  public boolean allFlushed() {
    synchronized (unstored) {
      return sinceFlush.isEmpty() && unstored.isEmpty();
    }
  }

  /** How many views are changed and not stored yet (written behind). */
  public int unstoredViews() {
    synchronized (unstored) {
      return unstored.size();
    }
  }

  /**
   * The records a {@link #flush} took, in the order applied, with their results, and when it took
   * them ({@link System#nanoTime}).
   */
  public record Stored(List<PositionedEvent> records, List<OrderApplied> results, long takenAt) {

    public Stored {
      records = List.copyOf(records);
      results = List.copyOf(results);
    }

    Stored(List<Logged> logged, long takenAt) {
      this(
          logged.stream().map(Logged::record).toList(),
          logged.stream().map(entry -> Objects.requireNonNull(entry.result)).toList(),
          takenAt);
    }

    public boolean isEmpty() {
      return records.isEmpty();
    }
  }

  /**
   * Written behind: a record applied since the last flush, when, and what it did (set by its fold,
   * set again when its view is folded again after a lost write).
   */
  private static final class Logged {

    private final PositionedEvent record;
    private final long appliedAt;
    private @Nullable OrderApplied result;

    Logged(PositionedEvent record, long appliedAt) {
      this.record = record;
      this.appliedAt = appliedAt;
    }

    PositionedEvent record() {
      return record;
    }

    String orderId() {
      return record.event().subject();
    }

    long appliedAt() {
      return appliedAt;
    }
  }

  /**
   * A view changed in memory and not stored: {@code base} is what the store holds (null: nothing),
   * which its write must find still in place; {@code records} are those applied to it since, in
   * order.
   */
  private record Unstored(
      @Nullable StoredOrderView base,
      OrderView view,
      Map<Long, RecordPosition> appliedBy,
      List<Logged> records) {

    Unstored {
      appliedBy = Map.copyOf(appliedBy);
      records = List.copyOf(records);
    }

    /** When its oldest change not stored was applied ({@link System#nanoTime}). */
    long since() {
      return records.getFirst().appliedAt();
    }

    /** Whether its order awaits its decision: placed and pending, or not placed yet. */
    boolean awaitsDecision() {
      return !view.placed() || view.status() == OrderStatus.PENDING;
    }

    /** What the next records are folded onto: the view as it stands in memory. */
    StoredOrderView folded() {
      return new StoredOrderView(view, base == null ? 0 : base.revision(), appliedBy);
    }

    Write write() {
      return new Write(base, view, appliedBy);
    }

    /**
     * Its records folded again onto {@code stored}, what another writer stored meanwhile; their
     * results replaced.
     */
    Unstored onto(@Nullable StoredOrderView stored) {
      var events = records.stream().map(Logged::record).toList();
      var fold =
          Fold.over(
              view.orderId(), stored, IntStream.range(0, events.size()).boxed().toList(), events);
      for (int i = 0; i < records.size(); i++) {
        records.get(i).result = fold.results().get(i);
      }
      return new Unstored(stored, fold.write().next(), fold.write().appliedBy(), records);
    }
  }

  private static LinkedHashMap<String, List<Integer>> byOrder(List<PositionedEvent> records) {
    var byOrder = new LinkedHashMap<String, List<Integer>>();
    for (int i = 0; i < records.size(); i++) {
      byOrder.computeIfAbsent(records.get(i).event().subject(), id -> new ArrayList<>()).add(i);
    }
    return byOrder;
  }

  private void countAndAnnounce(List<PositionedEvent> records, Map<Integer, OrderApplied> results) {
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
  }

  private static List<OrderApplied> inOrder(
      List<PositionedEvent> records, Map<Integer, OrderApplied> results) {
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
    if (behind) {
      synchronized (unstored) {
        var pending = unstored.get(orderId);
        if (pending != null) {
          return Optional.of(pending.view()).filter(OrderView::placed);
        }
      }
    }
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
