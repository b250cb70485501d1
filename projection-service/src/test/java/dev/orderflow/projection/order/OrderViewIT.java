package dev.orderflow.projection.order;

import static dev.orderflow.projection.order.domain.OrderHistories.T0;
import static dev.orderflow.projection.order.domain.OrderHistories.placed;
import static dev.orderflow.projection.order.domain.OrderHistories.placedConfirmedCancelled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import dev.orderflow.projection.generation.LiveProjections;
import dev.orderflow.projection.generation.MongoReadModelStorage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class OrderViewIT extends ProjectionServiceIntegrationTest {

  @Autowired LiveProjections live;
  @Autowired MongoReadModelStorage storage;

  @Test
  void an_order_shows_its_lines_total_status_and_timeline_once_its_events_arrive()
      throws Exception {
    var orderId = newId();
    var placed = placed(orderId, "c-1", T0);

    publish(
        placed,
        new StockReserved(orderId, T0.plusMillis(400), List.of(new StockLine("SKU-1", 2))),
        new OrderConfirmed(orderId, 2, T0.plusSeconds(1)));

    var view =
        awaitOrderView(
            orderId, "order confirmed with its reservation", v -> timeline(v).size() == 3);
    assertThat(view)
        .containsEntry("orderId", orderId)
        .containsEntry("customerId", "c-1")
        .containsEntry("status", "CONFIRMED")
        .containsEntry("version", 2);
    http.get()
        .uri("/api/orders/{id}", orderId)
        .exchange()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(placed.total().doubleValue())
        .jsonPath("$.lines[0].sku")
        .isEqualTo("SKU-1")
        .jsonPath("$.lines[0].quantity")
        .isEqualTo(2)
        .jsonPath("$.lines[0].unitPrice")
        .isEqualTo(9.99)
        .jsonPath("$.timeline[*].type")
        .isEqualTo(List.of("OrderPlaced", "StockReserved", "OrderConfirmed"))
        .jsonPath("$.timeline[0].at")
        .isEqualTo(T0.toString());
  }

  @Test
  void duplicated_and_reordered_delivery_gives_the_same_view_as_in_order_delivery()
      throws Exception {
    var inOrder = newId();
    var jumbled = newId();
    var history = placedConfirmedCancelled(jumbled);
    var orderEvents = history.stream().filter(OrderEvent.class::isInstance).toList();
    var others = history.stream().filter(e -> !(e instanceof OrderEvent)).toList();
    var delivered = new ArrayList<DomainEvent>();
    // The other topics' events first (a view with a timeline only), then the order's own
    // events newest first, each twice: every one after the first is early or a duplicate.
    delivered.addAll(others.reversed());
    for (var event : orderEvents.reversed()) {
      delivered.add(event);
      delivered.add(event);
    }
    delivered.addAll(others);

    publish(placedConfirmedCancelled(inOrder).toArray(DomainEvent[]::new));
    publish(delivered.toArray(DomainEvent[]::new));

    var last = (OrderEvent) orderEvents.getLast();
    var expected =
        awaitOrderView(
            inOrder,
            "the in-order view complete",
            v -> v.get("version").equals((int) last.version()) && timeline(v).size() == 7);
    var actual =
        awaitOrderView(
            jumbled,
            "the jumbled view complete",
            v -> v.get("version").equals((int) last.version()) && timeline(v).size() == 7);
    assertThat(withoutId(actual)).isEqualTo(withoutId(expected));
    // The fold of placed, confirmed, cancelled.
    assertThat(actual).containsEntry("status", "CANCELLED").containsEntry("customerId", "c-1");
  }

  @Test
  void events_of_other_topics_that_come_before_order_placed_join_its_timeline() throws Exception {
    var orderId = newId();
    var reserved =
        new StockReserved(orderId, T0.plusSeconds(1), List.of(new StockLine("SKU-1", 2)));
    var notified =
        new NotificationSent(
            orderId, NotificationKind.ORDER_CONFIRMED, T0.plusSeconds(3), "c-1@example.com");

    publish(notified, reserved);

    await("a view holding only the timeline")
        .atMost(PROJECTED)
        .until(() -> timelineSize(orderId), size -> size == 2);
    http.get().uri("/api/orders/{id}", orderId).exchange().expectStatus().isNotFound();

    publish(placed(orderId));

    var view = awaitOrderView(orderId, "the order placed", v -> true);
    assertThat(view).containsEntry("status", "PENDING");
    assertThat(timeline(view))
        .extracting(step -> step.get("type"))
        .containsExactly("OrderPlaced", "StockReserved", "NotificationSent");
  }

  @Test
  void a_customers_orders_are_listed_newest_first() throws Exception {
    var customerId = "c-" + newId();
    var orders = new ArrayList<OrderPlaced>();
    for (int hour : new int[] {2, 0, 1}) {
      orders.add(placed(newId(), customerId, T0.plusSeconds(3600L * hour)));
    }

    publish(orders.toArray(DomainEvent[]::new));

    var newestFirst =
        orders.stream()
            .sorted(Comparator.comparing(OrderPlaced::occurredAt).reversed())
            .map(OrderPlaced::orderId)
            .toList();
    await("all three orders of " + customerId)
        .atMost(PROJECTED)
        .untilAsserted(() ->
            http.get()
                .uri("/api/customers/{id}/orders", customerId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].orderId")
                .isEqualTo(newestFirst)
                .jsonPath("$[0].status")
                .isEqualTo("PENDING")
                .jsonPath("$[0].total")
                .isEqualTo(orders.getFirst().total().doubleValue())
                .jsonPath("$[0].placedAt")
                .isEqualTo(T0.plusSeconds(7200).toString()));
  }

  @Test
  void a_customer_without_orders_has_an_empty_list() {
    http.get()
        .uri("/api/customers/{id}/orders", "c-" + newId())
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("[]");
  }

  @Test
  void skipped_duplicates_and_early_events_are_counted() throws Exception {
    var orderId = newId();
    var early = skipped(OrderProjection.NAME, "early");
    var duplicates = skipped(OrderProjection.NAME, "duplicate");

    publish(new OrderConfirmed(orderId, 2, T0.plusSeconds(1)), placed(orderId), placed(orderId));

    awaitOrderView(orderId, "the early confirmation applied", v -> v.get("version").equals(2));
    await("the duplicate counted")
        .atMost(PROJECTED)
        .until(() -> skipped(OrderProjection.NAME, "duplicate"), count -> count > duplicates);
    assertThat(skipped(OrderProjection.NAME, "early")).isGreaterThan(early);
    http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body ->
            assertThat(body)
                .containsPattern(
                    "projection_events_skipped_total\\{[^}]*projection=\"order\""
                        + "[^}]*reason=\"early\"[^}]*\\} [1-9]"));
  }

  @Test
  void an_unknown_order_is_404_problem() {
    http.get()
        .uri("/api/orders/{id}", newId())
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:order-not-found");
  }

  @Test
  void an_id_that_cannot_exist_is_400_problem() {
    http.get()
        .uri("/api/orders/{id}", "not an id!")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:invalid-request");
    http.get().uri("/api/customers/{id}/orders", "-").exchange().expectStatus().isBadRequest();
  }

  /** The timeline of a view even before its order is placed (the HTTP API does not show it). */
  private int timelineSize(String orderId) {
    return storage
        .order(live.order().generation())
        .views()
        .find(orderId)
        .map(stored -> stored.view().timeline().size())
        .orElse(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> timeline(Map<String, Object> view) {
    return (List<Map<String, Object>>) view.get("timeline");
  }

  private static Map<String, Object> withoutId(Map<String, Object> view) {
    var copy = new HashMap<>(view);
    copy.remove("orderId");
    return copy;
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
