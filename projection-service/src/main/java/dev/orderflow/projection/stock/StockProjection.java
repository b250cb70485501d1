package dev.orderflow.projection.stock;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.platform.mongo.LastWritten;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.stock.domain.StockProjector;
import dev.orderflow.projection.stock.domain.StockView;
import java.util.List;
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
    metrics.count(outcome);
    if (outcome instanceof Applied<StockView> applied) {
      changes.publishEvent(StockViewChanged.of(applied.view()));
    }
    return outcome;
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
