package dev.orderflow.order.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.order.application.PendingOrders;
import java.time.Instant;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The saga deadline's reminders in a data slice, on the in-process MongoDB server. */
@DataMongoTest
@Import(MongoPendingOrders.class)
class MongoPendingOrdersTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory(0);

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> MONGO.connectionString("orders"));
  }

  @Autowired PendingOrders pending;
  @Autowired MongoTemplate mongo;

  @BeforeEach
  void noReminders() {
    mongo.getCollection(MongoPendingOrders.COLLECTION).deleteMany(new Document());
  }

  @Test
  void reminders_placed_before_the_cutoff_come_oldest_first_and_at_most_the_limit() {
    var second = id();
    var first = id();
    var third = id();
    pending.add(second, T0.plusSeconds(2));
    pending.add(first, T0.plusSeconds(1));
    pending.add(third, T0.plusSeconds(3));
    pending.add(id(), T0.plusSeconds(10));

    assertThat(pending.placedBefore(T0.plusSeconds(5), 10)).containsExactly(first, second, third);
    assertThat(pending.placedBefore(T0.plusSeconds(5), 2)).containsExactly(first, second);
    assertThat(pending.placedBefore(T0.plusSeconds(1), 10)).isEmpty();
  }

  @Test
  void a_reminder_written_twice_keeps_its_first_time() {
    var orderId = id();
    pending.add(orderId, T0);

    pending.add(orderId, T0.plusSeconds(60));

    assertThat(pending.placedBefore(T0.plusMillis(1), 10)).containsExactly(orderId);
  }

  @Test
  void a_removed_reminder_is_gone_and_removing_it_again_is_harmless() {
    var orderId = id();
    pending.add(orderId, T0);

    pending.remove(orderId);
    pending.remove(orderId);

    assertThat(pending.placedBefore(T0.plusSeconds(1), 10)).isEmpty();
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
