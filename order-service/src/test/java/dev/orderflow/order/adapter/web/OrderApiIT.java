package dev.orderflow.order.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.order.OrderServiceIntegrationTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class OrderApiIT extends OrderServiceIntegrationTest {

  @Test
  void placing_an_order_answers_202_with_its_location_and_publishes_order_placed() {
    var result =
        http.post()
            .uri("/api/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body(
                """
                {"customerId":"c-1","lines":[
                  {"sku":"SKU-1","quantity":2,"unitPrice":9.99},
                  {"sku":"SKU-2","quantity":1,"unitPrice":0.02}]}
                """)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(Map.class)
            .returnResult();
    var orderId = (String) result.getResponseBody().get("orderId");
    assertThat(result.getResponseBody().get("status")).isEqualTo("PENDING");
    assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/orders/" + orderId);

    var record = awaitRecords(Topics.ORDER_EVENTS.name(), orderId, 1).getFirst();
    var placed = (OrderPlaced) json.read(record.value());
    assertThat(placed.customerId()).isEqualTo("c-1");
    assertThat(placed.version()).isEqualTo(1);
    assertThat(placed.lines())
        .containsExactly(
            new OrderLine("SKU-1", 2, new BigDecimal("9.99")),
            new OrderLine("SKU-2", 1, new BigDecimal("0.02")));
    assertThat(placed.total()).isEqualByComparingTo("20.00");
    assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("OrderPlaced");
    assertThat(header(record, CloudEventHeaders.ID)).isEqualTo("order/" + orderId + "/1");
    assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/orderflow/order-service");
  }

  @Test
  void reading_an_order_shows_the_write_side_state_at_once() {
    var orderId = placeOrder("c-1", "SKU-1", 1);

    http.get()
        .uri("/api/orders/{id}", orderId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{\"orderId\":\"%s\",\"status\":\"PENDING\",\"version\":1}".formatted(orderId));
  }

  @Test
  void the_same_idempotency_key_again_answers_with_the_same_order() {
    var key = UUID.randomUUID().toString();
    var first = placeWithKey(key, 2);
    var second =
        http.post()
            .uri("/api/orders")
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .body(order(2))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectHeader()
            .valueEquals("Idempotent-Replayed", "true")
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();

    assertThat(second.get("orderId")).isEqualTo(first);
    http.get()
        .uri("/api/orders/{id}", first)
        .exchange()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(1);
  }

  @Test
  void an_idempotency_key_reused_for_a_different_order_is_refused_with_422() {
    var key = UUID.randomUUID().toString();
    placeWithKey(key, 2);

    http.post()
        .uri("/api/orders")
        .header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .body(order(3))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:idempotency-key-reused");
  }

  @Test
  void an_unknown_order_is_404_problem() {
    http.get()
        .uri("/api/orders/{id}", UUID.randomUUID())
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
  void cancelling_a_pending_order_is_accepted_and_a_second_cancel_conflicts() {
    var orderId = placeOrder("c-1", "SKU-1", 1);

    http.post()
        .uri("/api/orders/{id}/cancel", orderId)
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("CANCELLED");
    http.post()
        .uri("/api/orders/{id}/cancel", orderId)
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.orderStatus")
        .isEqualTo("CANCELLED");
  }

  @Test
  void cancelling_an_unknown_order_is_404() {
    http.post()
        .uri("/api/orders/{id}/cancel", UUID.randomUUID())
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void concurrent_placements_are_all_accepted_and_readable_once_answered() throws Exception {
    try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
      var placements = new ArrayList<Future<String>>();
      for (int i = 0; i < 20; i++) {
        placements.add(requests.submit(() -> placeOrder("c-group", "SKU-1", 1)));
      }
      for (var placement : placements) {
        var orderId = placement.get();
        http.get()
            .uri("/api/orders/{id}", orderId)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo("PENDING");
      }
    }
    assertThat(
            http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .lines())
        .as("the sizes of the groups written are measured")
        .anySatisfy(line -> assertThat(line).startsWith("orders_group_commit_size_count"));
  }

  private String placeWithKey(String key, int quantity) {
    return (String)
        http.post()
            .uri("/api/orders")
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .body(order(quantity))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("orderId");
  }

  private static String order(int quantity) {
    return """
    {"customerId":"c-9","lines":[{"sku":"SKU-1","quantity":%d,"unitPrice":5.00}]}
    """
        .formatted(quantity);
  }
}
