package dev.orderflow.projection.saga;

import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.RecordPosition;
import dev.orderflow.projection.order.OrderTransition;
import java.util.List;

/** Keeps the saga statistics of one generation: counts each record's first transitions once. */
public final class SagaStatisticsProjection {

  public static final String NAME = "saga-statistics";

  private final SagaStatisticsStore store;
  private final OutcomeMetrics metrics;

  public SagaStatisticsProjection(SagaStatisticsStore store, OutcomeMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  public void apply(List<OrderTransition> transitions, RecordPosition position) {
    metrics.count(store.apply(transitions, position));
  }

  public SagaStatistics total() {
    return store.total();
  }
}
