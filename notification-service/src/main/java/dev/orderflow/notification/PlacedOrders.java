package dev.orderflow.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.notification.domain.OrderDetails;
import dev.orderflow.platform.mongo.Bulk;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The details of every placed order, kept for the emails about it:
 *
 * <pre>{@code
 * { _id: "<orderId>", customerId, lines: [ { sku, quantity, unitPrice } ], total, placedAt }
 * }</pre>
 *
 * Amounts are stored as decimal strings: exact, and read back the same by every MongoDB.
 */
@Component
class PlacedOrders {

  static final String COLLECTION = "orders";

  private final MongoCollection<Document> orders;

  PlacedOrders(MongoTemplate mongo) {
    this.orders = mongo.getCollection(COLLECTION);
  }

  /** Keeps the order's details. A placement seen before is ignored: it never changes. */
  void remember(OrderPlaced placed) {
    // Already there when the record is delivered again.
    InsertIfAbsent.into(orders, document(placed));
  }

  /** {@link #remember} for a batch's placements, in one command. */
  void rememberAll(List<OrderPlaced> placements) {
    // A placement already there (or twice in the batch) is reported and ignored, as above.
    Bulk.insertAll(orders, placements.stream().map(PlacedOrders::document).toList());
  }

  /** The details of those of {@code orderIds} that were placed, in one command. */
  Map<String, OrderDetails> findAll(Collection<String> orderIds) {
    var found = new HashMap<String, OrderDetails>();
    if (orderIds.isEmpty()) {
      return found;
    }
    orders
        .find(Filters.in("_id", Set.copyOf(orderIds)))
        .forEach(document -> found.put(document.getString("_id"), details(document)));
    return found;
  }

  private static Document document(OrderPlaced placed) {
    var lines =
        placed.lines().stream()
            .map(line ->
                new Document("sku", line.sku())
                    .append("quantity", line.quantity())
                    .append("unitPrice", line.unitPrice().toPlainString()))
            .toList();
    var document =
        new Document("_id", placed.orderId())
            .append("customerId", placed.customerId())
            .append("lines", lines)
            .append("total", placed.total().toPlainString())
            .append("placedAt", Date.from(placed.occurredAt()));
    return document;
  }

  Optional<OrderDetails> find(String orderId) {
    return Optional.ofNullable(orders.find(Filters.eq("_id", orderId)).first())
        .map(PlacedOrders::details);
  }

  private static OrderDetails details(Document document) {
    var lines =
        document.getList("lines", Document.class).stream()
            .map(line ->
                new OrderLine(
                    line.getString("sku"),
                    line.getInteger("quantity"),
                    new BigDecimal(line.getString("unitPrice"))))
            .toList();
    return new OrderDetails(
        document.getString("_id"),
        document.getString("customerId"),
        lines,
        new BigDecimal(document.getString("total")));
  }
}
