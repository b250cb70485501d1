package dev.orderflow.order.adapter.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.Updates;
import dev.orderflow.order.application.PendingOrders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The saga deadline's reminders, kept on the orders' first commits in {@code order_commits}: {@link
 * MongoOrderEventStore} writes {@code awaitingDecision: true} in the placement's own insert, and a
 * decision removes it ({@code $unset}, a second later with the removals of every order decided
 * meanwhile: {@link PendingOrdersConfiguration}). An order's time here is its first commit's {@code
 * committedAt}, a moment after its {@code OrderPlaced}. The sweep's query reads a partial index of
 * the commits still awaiting ({@code {awaitingDecision: 1, committedAt: 1}}, filter {@code
 * {awaitingDecision: true}}), which MongoDB and the embedded server (ADR 3) both answer without
 * reading the rest of the event store.
 *
 * <p>Reminders of an earlier version, one document per order in {@code pending_orders} written
 * before the order, are moved onto their orders' first commits when the service starts (one whose
 * order was never stored is dropped), then deleted: a crash in between moves them again.
 */
class MongoPendingOrders implements PendingOrders {

  /** The field of a first commit whose order may still be pending. */
  static final String AWAITING = "awaitingDecision";

  /** Where an earlier version kept its reminders. */
  static final String LEGACY = "pending_orders";

  private static final String COMMITTED_AT = "committedAt";

  private final MongoCollection<Document> commits;
  private final PlacementMarks placementMarks;

  MongoPendingOrders(MongoTemplate mongo) {
    this(mongo, PlacementMarks.none(mongo.getCollection(MongoOrderEventStore.COMMITS)));
  }

  /**
   * @param placementMarks where marks of placements published wait, taken by the removals
   */
  MongoPendingOrders(MongoTemplate mongo, PlacementMarks placementMarks) {
    this.commits = mongo.getCollection(MongoOrderEventStore.COMMITS);
    this.placementMarks = placementMarks;
    commits.createIndex(
        new Document(AWAITING, 1).append(COMMITTED_AT, 1),
        new IndexOptions()
            .name("awaiting_decision")
            .partialFilterExpression(new Document(AWAITING, true)));
    moveLegacyReminders(mongo);
  }

  private void moveLegacyReminders(MongoTemplate mongo) {
    if (!mongo.collectionExists(LEGACY)) {
      return;
    }
    var legacy = mongo.getCollection(LEGACY);
    for (var reminder : legacy.find()) {
      var orderId = reminder.getString("_id");
      commits.updateOne(
          Filters.eq("_id", MongoOrderEventStore.firstCommitId(orderId)),
          Updates.set(AWAITING, true));
      legacy.deleteOne(Filters.eq("_id", orderId));
    }
  }

  @Override
  public void remove(String orderId) {
    removeAll(List.of(orderId));
  }

  /**
   * One command for a batch of decisions instead of one write each: an {@code updateMany} of their
   * first commits, which also marks published those whose marks wait in {@link PlacementMarks}, so
   * such a commit is updated once for both (a {@code bulkWrite} of two when only some marks wait).
   */
  @Override
  public void removeAll(Collection<String> orderIds) {
    if (orderIds.isEmpty()) {
      return;
    }
    var published = placementMarks.take(orderIds);
    var writes = new ArrayList<UpdateManyModel<Document>>(2);
    if (!published.isEmpty()) {
      writes.add(
          new UpdateManyModel<>(
              Filters.in("_id", MongoOrderEventStore.firstCommitIds(published)),
              Updates.combine(
                  Updates.unset(AWAITING), Updates.set(MongoOrderEventStore.PUBLISHED, true))));
    }
    if (published.size() < orderIds.size()) {
      var alone = orderIds.stream().filter(orderId -> !published.contains(orderId)).toList();
      writes.add(
          new UpdateManyModel<>(
              Filters.in("_id", MongoOrderEventStore.firstCommitIds(alone)),
              Updates.unset(AWAITING)));
    }
    try {
      commits.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    } catch (RuntimeException e) {
      placementMarks.putBack(published);
      throw e;
    }
  }

  @Override
  public List<String> placedBefore(Instant cutoff, int limit) {
    return commits
        .find(Filters.and(Filters.eq(AWAITING, true), Filters.lt(COMMITTED_AT, Date.from(cutoff))))
        .sort(Sorts.ascending(COMMITTED_AT))
        .limit(limit)
        .projection(Projections.include("streamId"))
        .map(commit -> commit.getString("streamId"))
        .into(new ArrayList<>());
  }
}
