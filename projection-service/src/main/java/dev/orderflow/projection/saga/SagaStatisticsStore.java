package dev.orderflow.projection.saga;

import dev.orderflow.projection.ProjectionOutcome;
import dev.orderflow.projection.RecordPosition;
import dev.orderflow.projection.order.OrderTransition;
import java.util.List;

/** Where the saga statistics of one generation are kept, a document per partition. */
public interface SagaStatisticsStore {

  /** The collection's name without the generation suffix. */
  String COLLECTION = "saga_statistics";

  /** Counts the transitions into the statistics of the record's partition, once per record. */
  ProjectionOutcome<SagaStatistics> apply(
      List<OrderTransition> transitions, RecordPosition position);

  /** The sum over every partition. */
  SagaStatistics total();
}
