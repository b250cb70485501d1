package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.notification.domain.OrderDetails;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The placed orders' MongoDB adapter in a data slice, on the in-process MongoDB server. */
@DataMongoTest
@Import(PlacedOrders.class)
class PlacedOrdersTest {

  static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
  static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory(0);

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> MONGO.connectionString("notifications"));
  }

  @Autowired PlacedOrders orders;

  @Test
  void a_placed_order_is_read_back_with_every_amount_exact() {
    var orderId = UUID.randomUUID().toString();
    var lines =
        List.of(
            new OrderLine("SKU-1", 2, new BigDecimal("9.90")),
            new OrderLine("SKU-2", 1, new BigDecimal("0.05")));

    orders.remember(new OrderPlaced(orderId, 1, AT, "c-1", lines, new BigDecimal("19.85")));

    assertThat(orders.find(orderId))
        .contains(new OrderDetails(orderId, "c-1", lines, new BigDecimal("19.85")));
  }

  @Test
  void a_placement_seen_again_changes_nothing() {
    var orderId = UUID.randomUUID().toString();
    var lines = List.of(new OrderLine("SKU-1", 1, new BigDecimal("5.00")));
    orders.remember(new OrderPlaced(orderId, 1, AT, "c-1", lines, new BigDecimal("5.00")));

    orders.remember(new OrderPlaced(orderId, 1, AT, "c-2", lines, new BigDecimal("5.00")));

    assertThat(orders.find(orderId)).map(OrderDetails::customerId).contains("c-1");
  }

  @Test
  void an_order_never_placed_has_no_details() {
    assertThat(orders.find(UUID.randomUUID().toString())).isEmpty();
  }
}
