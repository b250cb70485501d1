package dev.orderflow.projection.customer;

import static dev.orderflow.projection.order.domain.OrderHistories.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class CustomerOrdersIT extends ProjectionServiceIntegrationTest {

  static final Instant T0 = Instant.parse("2026-03-01T06:00:00Z");

  @Test
  void a_customers_history_comes_in_pages_newest_first_with_the_total_and_links() throws Exception {
    var customer = "c-pages-" + UUID.randomUUID();
    var orders = new ArrayList<OrderPlaced>();
    for (int i = 0; i < 25; i++) {
      // Spread over several hours (buckets), published out of time order.
      orders.add(
          placed(UUID.randomUUID().toString(), customer, T0.plusSeconds((i * 7919L) % 20_000)));
    }
    publish(orders.toArray(DomainEvent[]::new));
    var confirmed = orders.get(3);
    publish(new OrderConfirmed(confirmed.orderId(), 2, confirmed.occurredAt().plusSeconds(1)));
    var newestFirst =
        orders.stream()
            .sorted(Comparator.comparing(OrderPlaced::occurredAt).reversed())
            .map(OrderPlaced::orderId)
            .toList();

    await("all 25 orders listed")
        .atMost(PROJECTED)
        .untilAsserted(() ->
            http.get()
                .uri("/api/customers/{id}/orders?page=0&size=10", customer)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Total-Count", "25")
                .expectBody()
                .jsonPath("$[*].orderId")
                .isEqualTo(newestFirst.subList(0, 10)));
    http.get()
        .uri("/api/customers/{id}/orders?page=2&size=10", customer)
        .header(HttpHeaders.HOST, "evil.example")
        .exchange()
        .expectHeader()
        .value(
            HttpHeaders.LINK,
            link ->
                assertThat(link)
                    .contains(
                        "</api/customers/" + customer + "/orders?page=1&size=10>; rel=\"prev\"",
                        "page=0&size=10>; rel=\"first\"")
                    .doesNotContain("rel=\"next\"")
                    .as("links are relative: nothing of the request's Host comes back")
                    .doesNotContain("evil.example"))
        .expectBody()
        .jsonPath("$[*].orderId")
        .isEqualTo(newestFirst.subList(20, 25));
    http.get()
        .uri("/api/customers/{id}/orders?size=5&sort=placedAt,asc", customer)
        .exchange()
        .expectBody()
        .jsonPath("$[*].orderId")
        .isEqualTo(List.copyOf(newestFirst.reversed().subList(0, 5)));
    await("the confirmation shown in the history")
        .atMost(PROJECTED)
        .untilAsserted(() ->
            http.get()
                .uri("/api/customers/{id}/orders?size=100", customer)
                .exchange()
                .expectBody()
                .jsonPath("$[?(@.orderId == '%s')].status".formatted(confirmed.orderId()))
                .isEqualTo(List.of("CONFIRMED")));
  }

  @Test
  void paging_and_sorting_that_cannot_work_are_400_problems() {
    for (var query :
        List.of("size=0", "size=101", "page=-1", "sort=total,desc", "sort=placedAt,up")) {
      http.get()
          .uri("/api/customers/c-1/orders?" + query)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("urn:orderflow:problem:invalid-request")
          .jsonPath("$.errors[0].parameter")
          .exists();
    }
  }
}
