package dev.orderflow.projection.stock;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.platform.mongo.LastWritten;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.stock.domain.StockProjector;
import dev.orderflow.projection.stock.domain.StockView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Keeps the stock views of one generation up to date: read, let {@link StockProjector} decide,
 * write back only if nobody wrote in between, else start over (a {@link CompareAndSet} on the
 * view's version, kind {@code stock-view}).
 */
public final class StockProjection {

  public static final String NAME = "stock";

  private final StockViewStore store;
  private final OutcomeMetrics metrics;
  private final ApplicationEventPublisher changes;
  private final LastWritten<String, StockView> written = new LastWritten<>();

  /**
   * @param changes told of every applied change (the live stream); a rebuild passes one that
   *     ignores them
   */
  public StockProjection(
      StockViewStore store, OutcomeMetrics metrics, ApplicationEventPublisher changes) {
    this.store = store;
    this.metrics = metrics;
    this.changes = changes;
  }

  public ProjectionOutcome<StockView> apply(StockLevelChanged event) {
    var sku = event.sku();
    var outcome =
        CompareAndSet.until(
            Contended.of("stock-view", sku), CompareAndSet.ATTEMPTS, () -> applyOnce(sku, event));
    settle(outcome);
    return outcome;
  }

  /**
   * Counts what a level did and announces the view if it is to be ({@link
   * ProjectionOutcome#announced}).
   */
  private void settle(ProjectionOutcome<StockView> outcome) {
    metrics.count(outcome);
    if (outcome.announced()) {
      changes.publishEvent(StockViewChanged.of(outcome.view()));
    }
  }

  /**
   * Applies a batch of stock levels (of any skus, in the order read): the views not remembered read
   * with one query, each sku's levels folded in memory with {@link StockProjector} (so only the
   * newest is written, once per sku), the changed views written in one command per kind of write,
   * and only then announced, each applied level as one at a time would. A sku whose write lost, or
   * whose levels changed nothing on a remembered view, is applied again level by level.
   */
  public void applyAll(List<StockLevelChanged> events) {
    var bySku = new LinkedHashMap<String, List<StockLevelChanged>>();
    for (var event : events) {
      bySku.computeIfAbsent(event.sku(), sku -> new ArrayList<>()).add(event);
    }
    var remembered = new HashMap<String, StockView>();
    var unknown = new ArrayList<String>();
    for (var sku : bySku.keySet()) {
      written.take(sku).ifPresentOrElse(view -> remembered.put(sku, view), () -> unknown.add(sku));
    }
    var read = unknown.isEmpty() ? Map.<String, StockView>of() : store.findAll(unknown);
    var oneByOne = new ArrayList<String>();
    var writes = new ArrayList<StockViewStore.Write>();
    var outcomes = new HashMap<String, List<ProjectionOutcome<StockView>>>();
    for (var entry : bySku.entrySet()) {
      var sku = entry.getKey();
      var stored = remembered.containsKey(sku) ? remembered.get(sku) : read.get(sku);
      var view = stored;
      var ofSku = new ArrayList<ProjectionOutcome<StockView>>();
      for (var event : entry.getValue()) {
        var outcome = StockProjector.apply(view, event);
        ofSku.add(outcome);
        view = outcome.view();
      }
      if (view != null && ofSku.stream().anyMatch(ProjectionOutcome::changesView)) {
        writes.add(new StockViewStore.Write(stored, view));
        outcomes.put(sku, ofSku);
      } else if (remembered.containsKey(sku)) {
        oneByOne.add(sku);
      } else {
        ofSku.forEach(this::settle);
      }
    }
    var lost = store.writeAll(writes);
    for (var write : writes) {
      var sku = write.next().sku();
      if (lost.contains(sku)) {
        oneByOne.add(sku);
        continue;
      }
      written.put(sku, write.next());
      Objects.requireNonNull(outcomes.get(sku)).forEach(this::settle);
    }
    for (var sku : oneByOne) {
      Objects.requireNonNull(bySku.get(sku)).forEach(this::apply);
    }
  }

  private Round<ProjectionOutcome<StockView>> applyOnce(String sku, StockLevelChanged event) {
    var remembered = written.take(sku);
    var current = remembered.isPresent() ? remembered : store.find(sku);
    var outcome = StockProjector.apply(current.orElse(null), event);
    if (outcome.changesView()) {
      if (!write(current, outcome.view())) {
        return Round.lost();
      }
      written.put(sku, outcome.view());
    } else if (remembered.isPresent()) {
      // Nothing to write, so nothing checked the remembered view: decide on the stored one.
      return Round.lost();
    }
    return Round.done(outcome);
  }

  public List<StockView> all() {
    return store.all();
  }

  private boolean write(Optional<StockView> current, StockView next) {
    return current.isPresent() ? store.replace(current.get(), next) : store.insert(next);
  }
}
