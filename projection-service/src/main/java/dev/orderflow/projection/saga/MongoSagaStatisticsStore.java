package dev.orderflow.projection.saga;

import dev.orderflow.projection.MongoRevisions;
import dev.orderflow.projection.MongoRevisions.Decision;
import dev.orderflow.projection.ProjectionOutcome;
import dev.orderflow.projection.ProjectionOutcome.Applied;
import dev.orderflow.projection.RecordPosition;
import dev.orderflow.projection.order.OrderTransition;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Saga statistics in one generation's {@code saga_statistics_g<n>} collection, a document per
 * partition of {@code orders.events}:
 *
 * <pre>{@code
 * { _id: "orders.events-2", revision, offset, placed, pending, confirmed, rejected, cancelled,
 *   cancelledAfterConfirmation, placedToDecided: { counts: [...], count, sumMillis, maxMillis } }
 * }</pre>
 *
 * The total reads the whole collection: as many documents as partitions.
 */
public class MongoSagaStatisticsStore implements SagaStatisticsStore {

  private final MongoRevisions statistics;

  public MongoSagaStatisticsStore(MongoTemplate mongo, String collection) {
    this.statistics = new MongoRevisions(mongo.getCollection(collection));
  }

  @Override
  public ProjectionOutcome<SagaStatistics> apply(
      List<OrderTransition> transitions, RecordPosition position) {
    return statistics.update(
        position.partitionKey(),
        stored -> {
          var current =
              stored.map(MongoSagaStatisticsStore::statistics).orElseGet(SagaStatistics::empty);
          var outcome = current.apply(transitions, position);
          return outcome instanceof Applied<SagaStatistics> applied
              ? Decision.write(document(applied.view()), outcome)
              : Decision.keep(outcome);
        });
  }

  @Override
  public SagaStatistics total() {
    var total = SagaStatistics.empty();
    for (var document : statistics.collection().find()) {
      total = total.plus(statistics(document));
    }
    return total;
  }

  private static Document document(SagaStatistics statistics) {
    var durations = statistics.placedToDecided();
    return new Document("offset", statistics.offset())
        .append("placed", statistics.placed())
        .append("pending", statistics.pending())
        .append("confirmed", statistics.confirmed())
        .append("rejected", statistics.rejected())
        .append("cancelled", statistics.cancelled())
        .append("cancelledAfterConfirmation", statistics.cancelledAfterConfirmation())
        .append(
            "placedToDecided",
            new Document("counts", durations.counts())
                .append("count", durations.count())
                .append("sumMillis", durations.sumMillis())
                .append("maxMillis", durations.maxMillis()));
  }

  private static SagaStatistics statistics(Document document) {
    var durations = document.get("placedToDecided", Document.class);
    return new SagaStatistics(
        document.getLong("offset"),
        document.getLong("placed"),
        document.getLong("pending"),
        document.getLong("confirmed"),
        document.getLong("rejected"),
        document.getLong("cancelled"),
        document.getLong("cancelledAfterConfirmation"),
        new DurationHistogram(
            durations.getList("counts", Long.class),
            durations.getLong("count"),
            durations.getLong("sumMillis"),
            durations.getLong("maxMillis")));
  }
}
