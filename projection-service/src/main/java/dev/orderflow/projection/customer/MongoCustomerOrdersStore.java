package dev.orderflow.projection.customer;

import dev.orderflow.projection.MongoRevisions;
import dev.orderflow.projection.MongoRevisions.Decision;
import dev.orderflow.projection.customer.domain.CustomerHistoryIndex;
import dev.orderflow.projection.customer.domain.CustomerHour;
import dev.orderflow.projection.customer.domain.OrderSummary;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.order.domain.OrderStatus;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Customer histories in two collections of one generation, both read by primary key only:
 *
 * <pre>{@code
 * customer_orders_g<n>: { _id: "<customerId>|2026-03-01T09", revision, customerId, hour,
 *                         orders: [ { orderId, status, total, placedAt, version } ] }
 * customers_g<n>:       { _id: "<customerId>", revision, hours: [ { hour, orders } ] }
 * }</pre>
 *
 * A page reads the customer's index, then exactly the hour buckets the page spans ({@code _id
 * $in}); no query sorts or filters on another field, so mongo-java-server answers from its {@code
 * _id} index as MongoDB does.
 */
public class MongoCustomerOrdersStore implements CustomerOrdersStore {

  private final MongoRevisions buckets;
  private final MongoRevisions index;

  public MongoCustomerOrdersStore(MongoTemplate mongo, String collection, String indexCollection) {
    this.buckets = new MongoRevisions("customer-orders", mongo.getCollection(collection));
    this.index = new MongoRevisions("customer", mongo.getCollection(indexCollection));
  }

  @Override
  public ProjectionOutcome<CustomerHour> record(String customerId, OrderSummary summary) {
    var hour = CustomerHour.hourOf(summary.placedAt());
    ProjectionOutcome<CustomerHour> outcome =
        buckets.update(
            customerId + "|" + hour,
            stored -> {
              var bucket =
                  stored
                      .map(MongoCustomerOrdersStore::bucket)
                      .orElseGet(() -> CustomerHour.empty(customerId, hour));
              var next = bucket.with(summary);
              return next instanceof Applied<CustomerHour> applied
                  ? Decision.write(document(applied.view()), next)
                  : Decision.keep(next);
            });
    var count = outcome.view().orders().size();
    index.update(
        customerId,
        stored -> {
          var current =
              stored
                  .map(document -> index(customerId, document))
                  .orElseGet(() -> CustomerHistoryIndex.empty(customerId));
          var next = current.withAtLeast(hour, count);
          return next == current ? Decision.keep(next) : Decision.write(document(next), next);
        });
    return outcome;
  }

  @Override
  public Page<OrderSummary> page(String customerId, int page, int size, boolean newestFirst) {
    var history =
        index
            .find(customerId)
            .map(document -> index(customerId, document))
            .orElseGet(() -> CustomerHistoryIndex.empty(customerId));
    var slice = history.slice(page, size, newestFirst);
    var read = new HashMap<String, CustomerHour>();
    if (!slice.hours().isEmpty()) {
      var ids = slice.hours().stream().map(hour -> customerId + "|" + hour).toList();
      buckets
          .collection()
          .find(new Document("_id", new Document("$in", ids)))
          .forEach(document -> read.put(document.getString("hour"), bucket(document)));
    }
    var inOrder = new ArrayList<CustomerHour>();
    for (var hour : slice.hours()) {
      inOrder.add(read.getOrDefault(hour, CustomerHour.empty(customerId, hour)));
    }
    return slice.page(inOrder, page, size, history.total(), newestFirst);
  }

  private static Document document(CustomerHour bucket) {
    return new Document("customerId", bucket.customerId())
        .append("hour", bucket.hour())
        .append(
            "orders",
            bucket.orders().stream()
                .map(order ->
                    new Document("orderId", order.orderId())
                        .append("status", order.status().name())
                        .append("total", new Decimal128(order.total()))
                        .append("placedAt", Date.from(order.placedAt()))
                        .append("version", order.version()))
                .toList());
  }

  private static CustomerHour bucket(Document document) {
    return new CustomerHour(
        document.getString("customerId"),
        document.getString("hour"),
        document.getList("orders", Document.class).stream()
            .map(order ->
                new OrderSummary(
                    order.getString("orderId"),
                    OrderStatus.valueOf(order.getString("status")),
                    order.get("total", Decimal128.class).bigDecimalValue(),
                    order.getDate("placedAt").toInstant(),
                    order.getLong("version")))
            .toList());
  }

  private static Document document(CustomerHistoryIndex history) {
    return new Document(
        "hours",
        history.ordersByHour().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(entry -> new Document("hour", entry.getKey()).append("orders", entry.getValue()))
            .toList());
  }

  private static CustomerHistoryIndex index(String customerId, Document document) {
    var hours = new HashMap<String, Integer>();
    for (var hour : document.getList("hours", Document.class, List.of())) {
      hours.put(hour.getString("hour"), hour.getInteger("orders"));
    }
    return new CustomerHistoryIndex(customerId, hours);
  }
}
