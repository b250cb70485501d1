package dev.orderflow.notification;

import dev.orderflow.notification.domain.OrderDetails;
import java.time.Instant;
import java.util.Date;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Writes a copy of an order's placement as versions before terminal events carried it kept one. */
final class KeptCopies {

  private KeptCopies() {}

  static void keep(MongoTemplate mongo, OrderDetails details, Instant placedAt) {
    mongo
        .getCollection(PlacedOrders.COLLECTION)
        .insertOne(
            PlacedOrders.fields(details)
                .append("_id", details.orderId())
                .append("placedAt", Date.from(placedAt)));
  }
}
