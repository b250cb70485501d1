package dev.orderflow.projection.order;

import static dev.orderflow.projection.order.domain.OrderHistories.T0;
import static dev.orderflow.projection.order.domain.OrderHistories.placed;
import static dev.orderflow.projection.order.domain.OrderHistories.placedConfirmedCancelled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent.NotificationFailed;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.projection.CountedMongo;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.domain.OrderProjector;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.order.domain.OrderView;
import dev.orderflow.projection.order.domain.TimelineEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order views' store on the in-process MongoDB server: no Kafka, no Spring context. */
class MongoOrderViewStoreTest {

  final CountedMongo mongo = new CountedMongo();
  final OrderViewStore store =
      new MongoOrderViewStore(mongo.template(), new EventJson(), "order_views_g1");
  final OrderProjection projection =
      new OrderProjection(
          store, new OutcomeMetrics("order", Intake.LIVE, new SimpleMeterRegistry()), e -> {});
  long offset;

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void a_view_reads_back_exactly_as_it_was_written() {
    var orderId = newId();
    var view = OrderView.empty(orderId);
    for (var event : placedConfirmedCancelled(orderId).subList(0, 4)) {
      view = OrderProjector.apply(view, event).view();
    }
    view =
        OrderProjector.apply(
                view,
                new OrderCancelled(
                    orderId, 4, T0.plusNanos(1_500), CancellationReason.CUSTOMER_REQUEST))
            .view();
    assertThat(view.parked()).hasSize(1);

    assertThat(store.insert(view, Map.of())).isTrue();

    assertThat(store.find(orderId).orElseThrow().view()).isEqualTo(view);
  }

  @Test
  void a_rejected_view_reads_back_with_its_reason_and_trace_id() {
    var orderId = newId();
    var view =
        OrderProjector.apply(
                OrderView.empty(orderId), placed(orderId), "4bf92f3577b34da6a3ce929d0e0e4736")
            .view();
    view =
        OrderProjector.apply(
                view, new OrderRejected(orderId, 2, T0.plusSeconds(30), RejectionReason.TIMEOUT))
            .view();

    assertThat(store.insert(view, Map.of())).isTrue();

    assertThat(store.find(orderId).orElseThrow().view()).isEqualTo(view);
    var document =
        mongo.template().getCollection("order_views_g1").find(new Document("_id", orderId)).first();
    assertThat(document)
        .containsEntry("reason", "timeout")
        .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void a_view_without_reason_or_trace_id_stores_neither() {
    var orderId = newId();

    assertThat(
            store.insert(
                OrderProjector.apply(OrderView.empty(orderId), placed(orderId)).view(), Map.of()))
        .isTrue();

    var read = store.find(orderId).orElseThrow().view();
    assertThat(read.reason()).isNull();
    assertThat(read.traceId()).isNull();
    assertThat(
            mongo
                .template()
                .getCollection("order_views_g1")
                .find(new Document("_id", orderId))
                .first())
        .doesNotContainKeys("reason", "traceId");
  }

  @Test
  void a_replace_after_another_write_is_refused() {
    var orderId = newId();
    store.insert(OrderProjector.apply(OrderView.empty(orderId), placed(orderId)).view(), Map.of());
    var readByA = store.find(orderId).orElseThrow();
    var readByB = store.find(orderId).orElseThrow();
    var released = new StockReleased(orderId, T0, List.of(new StockLine("SKU-1", 2)));

    assertThat(
            store.replace(readByA, OrderProjector.apply(readByA.view(), released).view(), Map.of()))
        .isTrue();
    assertThat(store.replace(readByB, readByB.view(), Map.of())).isFalse();
    assertThat(store.find(orderId).orElseThrow().view().timeline()).hasSize(2);
  }

  @Test
  void a_second_insert_of_the_same_order_is_refused() {
    var orderId = newId();

    assertThat(store.insert(OrderView.empty(orderId), Map.of())).isTrue();
    assertThat(store.insert(OrderView.empty(orderId), Map.of())).isFalse();
  }

  @Test
  void events_of_one_order_applied_at_once_all_reach_its_view() throws Exception {
    var orderId = newId();
    var events = new ArrayList<DomainEvent>(placedConfirmedCancelled(orderId));
    for (var kind : NotificationKind.values()) {
      events.add(
          new NotificationFailed(orderId, kind, T0.plusSeconds(9), "c-1@example.com", "outage"));
      if (kind != NotificationKind.ORDER_CONFIRMED && kind != NotificationKind.ORDER_CANCELLED) {
        events.add(new NotificationSent(orderId, kind, T0.plusSeconds(8), "c-1@example.com"));
      }
    }
    var start = new CountDownLatch(1);

    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var applied = new ArrayList<Future<?>>();
      for (var event : events) {
        var position = new RecordPosition("test", 0, offset++);
        applied.add(
            threads.submit(() -> {
              start.await();
              return projection.apply(event, position);
            }));
      }
      start.countDown();
      for (var outcome : applied) {
        outcome.get();
      }
    }

    var view = store.find(orderId).orElseThrow().view();
    assertThat(view.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(view.version()).isEqualTo(3);
    assertThat(view.parked()).isEmpty();
    assertThat(view.timeline())
        .extracting(TimelineEntry::eventId)
        .containsExactlyInAnyOrderElementsOf(events.stream().map(DomainEvent::eventId).toList());
  }

  @Test
  void a_replace_names_exactly_the_keys_of_a_unique_index() {
    var indexes =
        mongo.template().getCollection("order_views_g1").listIndexes().into(new ArrayList<>());

    assertThat(indexes)
        .anySatisfy(index -> {
          assertThat(index.get("key", Document.class))
              .isEqualTo(new Document("_id", 1).append("revision", 1));
          assertThat(index.getBoolean("unique")).isTrue();
        });
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
