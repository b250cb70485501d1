package dev.orderflow.order.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderLine;
import dev.orderflow.order.application.PendingOrders;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.OutboxRelay;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The saga deadline's reminders in a data slice, on the in-process MongoDB server: kept on the
 * orders' first commits, as the event store writes them.
 */
@DataMongoTest
@Import(MongoPendingOrdersTest.Reminders.class)
class MongoPendingOrdersTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory(0);

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> MONGO.connectionString("orders"));
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Reminders {

    @Bean
    MongoPendingOrders pendingOrders(MongoTemplate mongo) {
      return new MongoPendingOrders(mongo);
    }
  }

  @Autowired PendingOrders pending;
  @Autowired MongoTemplate mongo;

  @BeforeEach
  void noCommits() {
    mongo.getCollection(MongoOrderEventStore.COMMITS).deleteMany(new Document());
    mongo.getCollection(MongoPendingOrders.LEGACY).deleteMany(new Document());
  }

  @Test
  void an_order_is_remembered_from_its_first_commit_until_its_reminder_is_removed() {
    var store = storeAt(T0);
    var orderId = id();
    store.append(store.startStream(orderId), List.of(placed(orderId, 1)));

    assertThat(pending.placedBefore(T0.plusMillis(1), 10)).containsExactly(orderId);
    assertThat(pending.placedBefore(T0, 10)).isEmpty();

    // Its decision's commit carries no reminder; the removal takes the first commit's.
    store.append(store.load(orderId), List.of(new OrderEvent.OrderConfirmed(orderId, 2, T0)));
    assertThat(commit(orderId, 2)).doesNotContainKey(MongoPendingOrders.AWAITING);
    assertThat(pending.placedBefore(T0.plusSeconds(1), 10)).containsExactly(orderId);
    pending.remove(orderId);
    pending.remove(orderId);

    assertThat(pending.placedBefore(T0.plusSeconds(1), 10)).isEmpty();
    assertThat(commit(orderId, 1)).doesNotContainKey(MongoPendingOrders.AWAITING);
    assertThat(store.load(orderId).events()).hasSize(2);
  }

  @Test
  void orders_placed_before_the_cutoff_come_oldest_first_and_at_most_the_limit() {
    var second = placeAt(T0.plusSeconds(2));
    var first = placeAt(T0.plusSeconds(1));
    var third = placeAt(T0.plusSeconds(3));
    var decided = placeAt(T0.plusSeconds(4));
    placeAt(T0.plusSeconds(10));
    pending.removeAll(List.of(decided));

    assertThat(pending.placedBefore(T0.plusSeconds(5), 10)).containsExactly(first, second, third);
    assertThat(pending.placedBefore(T0.plusSeconds(5), 2)).containsExactly(first, second);
    assertThat(pending.placedBefore(T0.plusSeconds(1), 10)).isEmpty();
  }

  /**
   * Reminders of the version before, one document per order in {@code pending_orders}: moved onto
   * their orders' first commits when the store starts; one whose order was never stored (the old
   * version wrote the reminder first) is dropped.
   */
  @Test
  void reminders_of_the_version_before_are_moved_onto_their_orders_first_commits() {
    var stored = placeAt(T0);
    pending.remove(stored);
    var legacy = mongo.getCollection(MongoPendingOrders.LEGACY);
    legacy.insertOne(new Document("_id", stored).append("placedAt", Date.from(T0)));
    legacy.insertOne(new Document("_id", "never-stored").append("placedAt", Date.from(T0)));

    var started = new MongoPendingOrders(mongo);

    assertThat(started.placedBefore(T0.plusSeconds(1), 10)).containsExactly(stored);
    assertThat(legacy.countDocuments()).isZero();
  }

  private String placeAt(Instant at) {
    var store = storeAt(at);
    var orderId = id();
    store.append(store.startStream(orderId), List.of(placed(orderId, 1)));
    return orderId;
  }

  private MongoOrderEventStore storeAt(Instant at) {
    var relay = mock(OutboxRelay.class);
    when(relay.traceparent()).thenReturn(Optional.empty());
    return new MongoOrderEventStore(mongo, new EventJson(), relay, Clock.fixed(at, ZoneOffset.UTC));
  }

  private Document commit(String orderId, int commit) {
    return mongo
        .getCollection(MongoOrderEventStore.COMMITS)
        .find(new Document("_id", orderId + ":" + commit))
        .first();
  }

  private static OrderEvent.OrderPlaced placed(String orderId, long version) {
    return new OrderEvent.OrderPlaced(
        orderId,
        version,
        T0,
        "c-1",
        List.of(new OrderLine("SKU-1", 1, BigDecimal.TEN)),
        BigDecimal.TEN);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
