package dev.orderflow.projection.stock.domain;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Applies a {@code StockLevelChanged} to the view of its sku: a pure function that keeps the newest
 * version. The same version again is a duplicate, an older one is stale; neither changes the view.
 */
public final class StockProjector {

  private StockProjector() {}

  /**
   * @param current the view of the event's sku, null if there is none yet
   */
  public static ProjectionOutcome<StockView> apply(
      @Nullable StockView current, StockLevelChanged event) {
    if (current != null && !current.sku().equals(event.sku())) {
      throw new IllegalArgumentException(
          event.type() + " of " + event.sku() + " applied to the view of " + current.sku());
    }
    if (current != null && event.version() <= current.version()) {
      var reason = event.version() == current.version() ? SkipReason.DUPLICATE : SkipReason.STALE;
      return new Skipped<>(current, reason);
    }
    return new Applied<>(
        new StockView(
            event.sku(),
            event.onHand(),
            event.reserved(),
            event.available(),
            event.version(),
            // Stored as a MongoDB date, which keeps milliseconds.
            event.occurredAt().truncatedTo(ChronoUnit.MILLIS)));
  }
}
