package dev.orderflow.platform.outbox;

import static dev.orderflow.platform.PlatformTestApplication.PARCELS;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.faults.Faults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

class RelayFaultsIT extends PlatformTestSupport {

  @Autowired EmbeddedOutbox parcels;
  @Autowired MongoTemplate mongo;
  @Autowired Faults faults;

  @AfterEach
  void switchOff() {
    faults.disable("relay-pause");
    faults.disable("duplicate-delivery");
  }

  @Test
  void duplicate_delivery_publishes_every_event_twice() {
    faults.enable("duplicate-delivery", Map.of());
    var key = store();

    await("two copies of the event")
        .atMost(Duration.ofSeconds(20))
        .until(() -> recordsWithKey(key), count -> count == 2);
  }

  @Test
  void a_paused_relay_publishes_nothing_until_switched_off_then_everything() {
    faults.enable("relay-pause", Map.of());
    var key = store();

    await("the relay holds the event back")
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> recordsWithKey(key) == 0);

    faults.disable("relay-pause");
    await("the event is published once the pause ends")
        .atMost(Duration.ofSeconds(20))
        .until(() -> recordsWithKey(key), count -> count == 1);
  }

  private String store() {
    var orderId = UUID.randomUUID().toString();
    var pending = parcels.pending(orderId, List.of(new OrderConfirmed(orderId, 2, Instant.now())));
    mongo.insert(
        new Document("_id", orderId).append(EmbeddedOutbox.FIELD, pending.entries()), PARCELS);
    parcels.stored(pending);
    return orderId;
  }

  private long recordsWithKey(String key) {
    return EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.name()).stream()
        .filter(record -> key.equals(record.key()))
        .count();
  }
}
