package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.mongo.EmbeddedMongo;
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
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The copies of placements earlier versions kept, read in a data slice on the in-process MongoDB
 * server.
 */
@DataMongoTest
@Import(PlacedOrders.class)
class PlacedOrdersTest {

  static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory(0);

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> MONGO.connectionString("notifications"));
  }

  @Autowired PlacedOrders orders;
  @Autowired MongoTemplate mongo;

  @Test
  void a_kept_copy_is_read_back_with_every_amount_exact() {
    var orderId = UUID.randomUUID().toString();
    var details =
        new OrderDetails(
            orderId,
            "c-1",
            List.of(
                new OrderLine("SKU-1", 2, new BigDecimal("9.90")),
                new OrderLine("SKU-2", 1, new BigDecimal("0.05"))),
            new BigDecimal("19.85"));
    KeptCopies.keep(mongo, details, Instant.now());

    assertThat(orders.find(orderId)).contains(details);
    assertThat(orders.findAll(List.of(orderId, "never-placed"))).containsOnlyKeys(orderId);
  }

  @Test
  void an_order_without_a_copy_has_no_details() {
    assertThat(orders.find(UUID.randomUUID().toString())).isEmpty();
    assertThat(orders.findAll(List.of())).isEmpty();
  }

  @Test
  void details_are_stored_as_decimal_strings_and_read_back_the_same() {
    var details =
        new OrderDetails(
            "o-1",
            "c-1",
            List.of(new OrderLine("SKU-1", 3, new BigDecimal("0.10"))),
            new BigDecimal("0.30"));

    var fields = PlacedOrders.fields(details);

    assertThat(fields.getString("total")).isEqualTo("0.30");
    assertThat(PlacedOrders.details("o-1", fields)).isEqualTo(details);
  }
}
