package dev.orderflow.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.orderflow.events.OrderLine;
import dev.orderflow.notification.domain.OrderDetails;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The copies of placements earlier versions kept, read only for the emails of terminal events
 * written before those events carried the order's {@code Placement} (issue 19):
 *
 * <pre>{@code
 * { _id: "<orderId>", customerId, lines: [ { sku, quantity, unitPrice } ], total, placedAt }
 * }</pre>
 *
 * Nothing is written here any more: every terminal event order-service writes now carries what its
 * email says, so a fresh store never has this collection and a terminal event looks nothing up. The
 * same shape ({@link #fields}, without {@code _id} and {@code placedAt}) is how a deferred
 * notification keeps its order's details for the sweep. Amounts are stored as decimal strings:
 * exact, and read back the same by every MongoDB.
 */
@Component
class PlacedOrders {

  static final String COLLECTION = "orders";

  private final MongoCollection<Document> orders;

  PlacedOrders(MongoTemplate mongo) {
    this.orders = mongo.getCollection(COLLECTION);
  }

  /** The kept details of those of {@code orderIds} that have a copy, in one command. */
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

  Optional<OrderDetails> find(String orderId) {
    return Optional.ofNullable(orders.find(Filters.eq("_id", orderId)).first())
        .map(PlacedOrders::details);
  }

  /** An order's details as stored: {@code customerId}, {@code lines}, {@code total}. */
  static Document fields(OrderDetails details) {
    var lines =
        details.lines().stream()
            .map(line ->
                new Document("sku", line.sku())
                    .append("quantity", line.quantity())
                    .append("unitPrice", line.unitPrice().toPlainString()))
            .toList();
    return new Document("customerId", details.customerId())
        .append("lines", lines)
        .append("total", details.total().toPlainString());
  }

  /** The details of order {@code orderId} stored as {@link #fields} stores them. */
  static OrderDetails details(String orderId, Document fields) {
    var lines =
        fields.getList("lines", Document.class).stream()
            .map(line ->
                new OrderLine(
                    line.getString("sku"),
                    line.getInteger("quantity"),
                    new BigDecimal(line.getString("unitPrice"))))
            .toList();
    return new OrderDetails(
        orderId, fields.getString("customerId"), lines, new BigDecimal(fields.getString("total")));
  }

  private static OrderDetails details(Document copy) {
    return details(copy.getString("_id"), copy);
  }
}
