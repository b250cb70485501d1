package dev.orderflow.projection.order;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.mongo.Bulk;
import dev.orderflow.platform.mongo.Bulk.Cas;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderView;
import dev.orderflow.projection.order.domain.StatusChange;
import dev.orderflow.projection.order.domain.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Order views in one generation's {@code order_views_g<n>} collection, one document per order:
 *
 * <pre>{@code
 * { _id: "<orderId>", revision: 3, customerId, status, lines: [ { sku, quantity, unitPrice } ],
 *   total, version, placedAt, updatedAt, reason: "insufficient-stock", traceId: "<32 hex>",
 *   timeline: [ { eventId, type, at } ],
 *   statusChanges: [ { version, status, at } ], parked: [ { version, payload: "<event JSON>" } ],
 *   appliedBy: [ { version, position: "orders.events-2@1234" } ] }
 * }</pre>
 *
 * {@code revision} counts the writes of the document: a replace names the revision it read, so it
 * fails, and the writer starts over, if another write came in between. Money is {@code Decimal128},
 * parked events keep their wire JSON, a rejection's {@code reason} its wire value. {@code reason}
 * and {@code traceId} are absent when null (always in documents of shape 2 and before, which a
 * rebuild replaces).
 */
public class MongoOrderViewStore implements OrderViewStore {

  private final MongoCollection<Document> views;
  private final EventJson json;

  public MongoOrderViewStore(MongoTemplate mongo, EventJson json, String collection) {
    this.views = mongo.getCollection(collection);
    this.json = json;
    // Redundant for MongoDB, which finds {_id, revision} through _id alone; but mongo-java-server
    // (tests, ./devstack) scans the whole collection for that filter unless a unique index has
    // exactly these keys, and every replace uses it.
    views.createIndex(
        new Document("_id", 1).append("revision", 1), new IndexOptions().unique(true));
  }

  @Override
  public Optional<StoredOrderView> find(String orderId) {
    return Optional.ofNullable(views.find(new Document("_id", orderId)).first())
        .map(document ->
            new StoredOrderView(view(document), document.getLong("revision"), appliedBy(document)));
  }

  @Override
  public Map<String, StoredOrderView> findAll(Collection<String> orderIds) {
    var found = new HashMap<String, StoredOrderView>();
    if (orderIds.isEmpty()) {
      return found;
    }
    views
        .find(new Document("_id", new Document("$in", List.copyOf(orderIds))))
        .forEach(document ->
            found.put(
                document.getString("_id"),
                new StoredOrderView(
                    view(document), document.getLong("revision"), appliedBy(document))));
    return found;
  }

  /** One unordered {@code insertMany} for the new views, one {@code bulkWrite} for the others. */
  @Override
  public Set<String> writeAll(List<Write> writes) {
    var inserts = new ArrayList<Write>();
    var replaces = new ArrayList<Write>();
    for (var write : writes) {
      (write.current() == null ? inserts : replaces).add(write);
    }
    var lost = new HashSet<String>();
    var taken = Bulk.insertAll(views, inserts.stream().map(w -> document(w.stored())).toList());
    taken.forEach(index -> lost.add(inserts.get(index).orderId()));
    var cas =
        replaces.stream()
            .map(write ->
                new Cas(
                    write.orderId(),
                    "revision",
                    Objects.requireNonNull(write.current()).revision(),
                    document(write.stored())))
            .toList();
    Bulk.compareAndSetAll(views, cas).forEach(index -> lost.add(replaces.get(index).orderId()));
    return lost;
  }

  @Override
  public boolean insert(OrderView view, Map<Long, RecordPosition> appliedBy) {
    return InsertIfAbsent.into(views, document(StoredOrderView.first(view, appliedBy)));
  }

  @Override
  public boolean replace(
      StoredOrderView current, OrderView next, Map<Long, RecordPosition> appliedBy) {
    // A plain document, not Filters.and(...), which renders as $and: mongo-java-server matches
    // the unique index only when the filter's keys are exactly the index keys.
    var unchanged =
        new Document("_id", current.view().orderId()).append("revision", current.revision());
    return views.replaceOne(unchanged, document(current.next(next, appliedBy))).getMatchedCount()
        == 1;
  }

  private Document document(StoredOrderView stored) {
    var view = stored.view();
    var document = new Document("_id", view.orderId()).append("revision", stored.revision());
    putIfPresent(document, "customerId", view.customerId());
    putIfPresent(document, "status", view.status() == null ? null : view.status().name());
    document.append("lines", view.lines().stream().map(MongoOrderViewStore::line).toList());
    putIfPresent(document, "total", view.total() == null ? null : new Decimal128(view.total()));
    document.append("version", view.version());
    putIfPresent(document, "placedAt", date(view.placedAt()));
    putIfPresent(document, "updatedAt", date(view.updatedAt()));
    putIfPresent(document, "reason", view.reason() == null ? null : view.reason().wire());
    putIfPresent(document, "traceId", view.traceId());
    document.append(
        "timeline",
        view.timeline().stream()
            .map(entry ->
                new Document("eventId", entry.eventId())
                    .append("type", entry.type())
                    .append("at", Date.from(entry.at())))
            .toList());
    document.append(
        "statusChanges",
        view.statusChanges().stream()
            .map(change ->
                new Document("version", change.version())
                    .append("status", change.status().name())
                    .append("at", Date.from(change.at())))
            .toList());
    document.append(
        "appliedBy",
        stored.appliedBy().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(applied ->
                new Document("version", applied.getKey())
                    .append("position", applied.getValue().toString()))
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
    var reason = document.getString("reason");
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
        reason == null ? null : RejectionReason.fromWire(reason),
        document.getString("traceId"),
        document.getList("timeline", Document.class).stream()
            .map(entry ->
                new TimelineEntry(
                    entry.getString("eventId"),
                    entry.getString("type"),
                    entry.getDate("at").toInstant()))
            .toList(),
        document.getList("statusChanges", Document.class, List.of()).stream()
            .map(change ->
                new StatusChange(
                    change.getLong("version"),
                    OrderStatus.valueOf(change.getString("status")),
                    change.getDate("at").toInstant()))
            .toList(),
        document.getList("parked", Document.class).stream()
            .map(parked -> (OrderEvent) json.read(parked.getString("payload")))
            .toList());
  }

  private static Map<Long, RecordPosition> appliedBy(Document document) {
    var appliedBy = new HashMap<Long, RecordPosition>();
    for (var applied : document.getList("appliedBy", Document.class, List.of())) {
      appliedBy.put(
          applied.getLong("version"), RecordPosition.parse(applied.getString("position")));
    }
    return appliedBy;
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
