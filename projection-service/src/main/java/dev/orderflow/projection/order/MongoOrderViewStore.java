package dev.orderflow.projection.order;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderLine;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Order views in the {@code order_views} collection, one document per order:
 *
 * <pre>{@code
 * { _id: "<orderId>", revision: 3, customerId, status, lines: [ { sku, quantity, unitPrice } ],
 *   total, version, placedAt, updatedAt, timeline: [ { eventId, type, at } ],
 *   parked: [ { version, payload: "<event JSON>" } ] }
 * }</pre>
 *
 * {@code revision} counts the writes of the document: a replace names the revision it read, so it
 * fails, and the writer starts over, if another write came in between. Money is {@code Decimal128},
 * parked events keep their wire JSON.
 */
@Component
class MongoOrderViewStore implements OrderViewStore {

  static final String COLLECTION = "order_views";

  private final MongoCollection<Document> views;
  private final EventJson json;

  MongoOrderViewStore(MongoTemplate mongo, EventJson json) {
    this.views = mongo.getCollection(COLLECTION);
    this.json = json;
    // Redundant for MongoDB, which finds {_id, revision} through _id alone; but mongo-java-server
    // (tests, ./devstack) scans the whole collection for that filter unless a unique index has
    // exactly these keys, and every replace uses it.
    views.createIndex(
        new Document("_id", 1).append("revision", 1), new IndexOptions().unique(true));
    // A customer's orders, newest first. mongo-java-server ignores it (and scans); MongoDB uses it.
    views.createIndex(new Document("customerId", 1).append("placedAt", -1));
  }

  @Override
  public Optional<StoredOrderView> find(String orderId) {
    return Optional.ofNullable(views.find(new Document("_id", orderId)).first())
        .map(document -> new StoredOrderView(view(document), document.getLong("revision")));
  }

  @Override
  public boolean insert(OrderView view) {
    return InsertIfAbsent.into(views, document(view, 1));
  }

  @Override
  public boolean replace(StoredOrderView current, OrderView next) {
    // A plain document, not Filters.and(...), which renders as $and: mongo-java-server matches
    // the unique index only when the filter's keys are exactly the index keys.
    var unchanged =
        new Document("_id", current.view().orderId()).append("revision", current.revision());
    return views.replaceOne(unchanged, document(next, current.revision() + 1)).getMatchedCount()
        == 1;
  }

  @Override
  public List<OrderView> placedBy(String customerId, int limit) {
    return views
        .find(new Document("customerId", customerId))
        .sort(new Document("placedAt", -1).append("_id", 1))
        .limit(limit)
        .map(this::view)
        .into(new ArrayList<>());
  }

  private Document document(OrderView view, long revision) {
    var document = new Document("_id", view.orderId()).append("revision", revision);
    putIfPresent(document, "customerId", view.customerId());
    putIfPresent(document, "status", view.status() == null ? null : view.status().name());
    document.append("lines", view.lines().stream().map(MongoOrderViewStore::line).toList());
    putIfPresent(document, "total", view.total() == null ? null : new Decimal128(view.total()));
    document.append("version", view.version());
    putIfPresent(document, "placedAt", date(view.placedAt()));
    putIfPresent(document, "updatedAt", date(view.updatedAt()));
    document.append(
        "timeline",
        view.timeline().stream()
            .map(entry ->
                new Document("eventId", entry.eventId())
                    .append("type", entry.type())
                    .append("at", Date.from(entry.at())))
            .toList());
    document.append(
        "parked",
        view.parked().stream()
            .map(event ->
                new Document("version", event.version()).append("payload", json.write(event)))
            .toList());
    return document;
  }

  private OrderView view(Document document) {
    var status = document.getString("status");
    var total = document.get("total", Decimal128.class);
    return new OrderView(
        document.getString("_id"),
        document.getString("customerId"),
        status == null ? null : OrderStatus.valueOf(status),
        document.getList("lines", Document.class).stream()
            .map(line ->
                new OrderLine(
                    line.getString("sku"),
                    line.getInteger("quantity"),
                    line.get("unitPrice", Decimal128.class).bigDecimalValue()))
            .toList(),
        total == null ? null : total.bigDecimalValue(),
        document.getLong("version"),
        instant(document.getDate("placedAt")),
        instant(document.getDate("updatedAt")),
        document.getList("timeline", Document.class).stream()
            .map(entry ->
                new TimelineEntry(
                    entry.getString("eventId"),
                    entry.getString("type"),
                    entry.getDate("at").toInstant()))
            .toList(),
        document.getList("parked", Document.class).stream()
            .map(parked -> (OrderEvent) json.read(parked.getString("payload")))
            .toList());
  }

  private static Document line(OrderLine line) {
    return new Document("sku", line.sku())
        .append("quantity", line.quantity())
        .append("unitPrice", new Decimal128(line.unitPrice()));
  }

  private static void putIfPresent(Document document, String key, @Nullable Object value) {
    if (value != null) {
      document.append(key, value);
    }
  }

  private static @Nullable Date date(@Nullable Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  private static @Nullable Instant instant(@Nullable Date date) {
    return date == null ? null : date.toInstant();
  }
}
