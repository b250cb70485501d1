package dev.orderflow.order.adapter.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.orderflow.order.application.PendingOrders;
import dev.orderflow.platform.mongo.Bulk;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The saga deadline's reminders, one small document per order that may still be pending: {@code
 * {_id: orderId, placedAt}}. Written by {@code _id} only; the sweep's query on {@code placedAt}
 * scans on mongo-java-server (ADR 3), which stays cheap because a reminder is removed as soon as
 * its order is decided (a second later, with the removals of every order decided meanwhile: {@link
 * PendingOrdersConfiguration}), so the collection holds only the orders still in flight.
 */
class MongoPendingOrders implements PendingOrders {

  static final String COLLECTION = "pending_orders";

  private final MongoCollection<Document> reminders;

  MongoPendingOrders(MongoTemplate mongo) {
    this.reminders = mongo.getCollection(COLLECTION);
    // For real MongoDB; mongo-java-server ignores it.
    reminders.createIndex(new Document("placedAt", 1));
  }

  @Override
  public void add(String orderId, Instant placedAt) {
    InsertIfAbsent.into(
        reminders, new Document("_id", orderId).append("placedAt", Date.from(placedAt)));
  }

  /** One unordered {@code insertMany}; a reminder already there is a repeat and stays as it is. */
  @Override
  public void addAll(Map<String, Instant> placedAt) {
    var documents = new ArrayList<Document>(placedAt.size());
    placedAt.forEach((orderId, at) ->
        documents.add(new Document("_id", orderId).append("placedAt", Date.from(at))));
    Bulk.insertAll(reminders, documents);
  }

  @Override
  public void remove(String orderId) {
    reminders.deleteOne(Filters.eq("_id", orderId));
  }

  /** One {@code deleteMany}: what a batch of decisions removes instead of one delete each. */
  @Override
  public void removeAll(Collection<String> orderIds) {
    if (!orderIds.isEmpty()) {
      reminders.deleteMany(Filters.in("_id", orderIds));
    }
  }

  @Override
  public List<String> placedBefore(Instant cutoff, int limit) {
    return reminders
        .find(Filters.lt("placedAt", Date.from(cutoff)))
        .sort(Sorts.ascending("placedAt"))
        .limit(limit)
        .projection(Projections.include("_id"))
        .map(reminder -> reminder.getString("_id"))
        .into(new ArrayList<>());
  }
}
