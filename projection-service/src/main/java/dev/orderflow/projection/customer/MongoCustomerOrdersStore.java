package dev.orderflow.projection.customer;

import dev.orderflow.projection.MongoRevisions;
import dev.orderflow.projection.MongoRevisions.Decision;
import dev.orderflow.projection.customer.domain.OrderSummary;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.order.domain.OrderStatus;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Customer histories in one generation's {@code customer_orders_g<n>} collection, one document per
 * order:
 *
 * <pre>{@code
 * { _id: "<orderId>", revision, customerId, status, total, placedAt, version }
 * }</pre>
 *
 * A page is one query on the index {@code {customerId, placedAt, _id}}: count the customer's
 * orders, then sort by {@code placedAt} (ties by order id) and skip to the page.
 */
public class MongoCustomerOrdersStore implements CustomerOrdersStore {

  private final MongoRevisions orders;

  public MongoCustomerOrdersStore(MongoTemplate mongo, String collection) {
    this.orders = new MongoRevisions("customer-order", mongo.getCollection(collection));
    orders
        .collection()
        .createIndex(new Document("customerId", 1).append("placedAt", -1).append("_id", 1));
  }

  @Override
  public ProjectionOutcome<OrderSummary> record(OrderSummary summary) {
    return orders.update(summary.orderId(), decision(summary));
  }

  /** One read, one insert and one replace command for all of them ({@link MongoRevisions}). */
  @Override
  public List<ProjectionOutcome<OrderSummary>> recordAll(List<OrderSummary> summaries) {
    var decisions =
        new LinkedHashMap<
            String, Function<Optional<Document>, Decision<ProjectionOutcome<OrderSummary>>>>();
    for (var summary : summaries) {
      if (decisions.put(summary.orderId(), decision(summary)) != null) {
        throw new IllegalArgumentException("Two summaries of order " + summary.orderId());
      }
    }
    return List.copyOf(orders.updateAll(decisions).values());
  }

  private static Function<Optional<Document>, Decision<ProjectionOutcome<OrderSummary>>> decision(
      OrderSummary summary) {
    return stored -> {
      var outcome = summary.over(stored.map(MongoCustomerOrdersStore::summary).orElse(null));
      return outcome instanceof Applied<OrderSummary> applied
          ? Decision.write(document(applied.view()), outcome)
          : Decision.keep(outcome);
    };
  }

  @Override
  public Page<OrderSummary> page(String customerId, int page, int size, boolean newestFirst) {
    // Only documents of this shape: a generation written in shape 1 (an hour of orders in one
    // document) answers with what was written since, until its rebuild at start replaces it.
    var ofCustomer =
        new Document("customerId", customerId).append("status", new Document("$exists", true));
    var total = orders.collection().countDocuments(ofCustomer);
    var items =
        orders
            .collection()
            .find(ofCustomer)
            .sort(new Document("placedAt", newestFirst ? -1 : 1).append("_id", 1))
            .skip((int) Math.min((long) page * size, Integer.MAX_VALUE))
            .limit(size)
            .map(MongoCustomerOrdersStore::summary)
            .into(new ArrayList<>());
    return new Page<>(items, page, size, total);
  }

  private static Document document(OrderSummary summary) {
    return new Document("customerId", summary.customerId())
        .append("status", summary.status().name())
        .append("total", new Decimal128(summary.total()))
        .append("placedAt", Date.from(summary.placedAt()))
        .append("version", summary.version());
  }

  private static OrderSummary summary(Document document) {
    return new OrderSummary(
        document.getString("_id"),
        document.getString("customerId"),
        OrderStatus.valueOf(document.getString("status")),
        document.get("total", Decimal128.class).bigDecimalValue(),
        document.getDate("placedAt").toInstant(),
        document.getLong("version"));
  }
}
