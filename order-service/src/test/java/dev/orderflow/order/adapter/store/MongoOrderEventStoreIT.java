package dev.orderflow.order.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.order.OrderServiceIntegrationTest;
import dev.orderflow.order.application.OrderEventStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

class MongoOrderEventStoreIT extends OrderServiceIntegrationTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Autowired OrderEventStore store;
  @Autowired MongoTemplate mongo;

  @Test
  void a_stream_reads_back_every_event_in_order_across_many_commits() {
    var orderId = UUID.randomUUID().toString();
    var written = new ArrayList<OrderEvent>();
    written.add(placed(orderId));
    store.append(store.startStream(orderId), List.of(written.getFirst()));
    for (int version = 2; version <= 9; version++) {
      var event = new OrderConfirmed(orderId, version, T0.plusSeconds(version));
      store.append(store.load(orderId), List.of(event));
      written.add(event);
    }

    assertThat(store.load(orderId).events()).containsExactlyElementsOf(written);
  }

  @Test
  void of_two_appends_after_the_same_revision_only_the_first_is_stored() {
    var orderId = UUID.randomUUID().toString();
    store.append(store.startStream(orderId), List.of(placed(orderId)));
    var seenByA = store.load(orderId);
    var seenByB = store.load(orderId);

    assertThat(store.append(seenByA, List.of(new OrderConfirmed(orderId, 2, T0)))).isTrue();

    assertThat(store.append(seenByB, List.of(new OrderConfirmed(orderId, 2, T0)))).isFalse();
    assertThat(store.load(orderId).events()).hasSize(2);
  }

  @Test
  void the_events_of_one_append_are_one_document() {
    var orderId = UUID.randomUUID().toString();

    store.append(
        store.startStream(orderId), List.of(placed(orderId), new OrderConfirmed(orderId, 2, T0)));

    var commit = mongo.findById(orderId + ":1", Document.class, MongoOrderEventStore.COMMITS);
    assertThat(commit.getList("events", Document.class)).hasSize(2);
    assertThat(mongo.findById(orderId + ":2", Document.class, MongoOrderEventStore.COMMITS))
        .isNull();
  }

  @Test
  void an_unknown_order_is_an_empty_stream() {
    assertThat(store.load(UUID.randomUUID().toString()).events()).isEmpty();
  }

  private static OrderPlaced placed(String orderId) {
    return new OrderPlaced(
        orderId, 1, T0, "c-1", List.of(new OrderLine("SKU-1", 1, BigDecimal.TEN)), BigDecimal.TEN);
  }
}
