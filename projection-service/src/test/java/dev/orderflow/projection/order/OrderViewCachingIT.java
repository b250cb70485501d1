package dev.orderflow.projection.order;

import static dev.orderflow.projection.order.domain.OrderHistories.T0;
import static dev.orderflow.projection.order.domain.OrderHistories.placed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

class OrderViewCachingIT extends ProjectionServiceIntegrationTest {

  @Test
  void an_order_view_carries_an_etag_and_is_304_until_it_changes() throws Exception {
    var orderId = UUID.randomUUID().toString();
    publish(placed(orderId));
    awaitOrderView(orderId, "the order placed", view -> true);

    var etag = etagOf(orderId);
    http.get()
        .uri("/api/orders/{id}", orderId)
        .header(HttpHeaders.IF_NONE_MATCH, etag)
        .exchange()
        .expectStatus()
        .isNotModified()
        .expectBody()
        .isEmpty();

    publish(new StockReserved(orderId, T0.plusSeconds(1), List.of(new StockLine("SKU-1", 2))));
    awaitOrderView(
        orderId,
        "the reservation on the timeline",
        view -> ((List<?>) view.get("timeline")).size() == 2);

    http.get()
        .uri("/api/orders/{id}", orderId)
        .header(HttpHeaders.IF_NONE_MATCH, etag)
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(etagOf(orderId)).isNotEqualTo(etag).startsWith("\"1-");
  }

  private String etagOf(String orderId) {
    var result = http.get().uri("/api/orders/{id}", orderId).exchange().returnResult(String.class);
    assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
    return result.getResponseHeaders().getETag();
  }
}
