package dev.orderflow.projection.sales;

import static org.awaitility.Awaitility.await;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class SalesIT extends ProjectionServiceIntegrationTest {

  static final Instant NINE = Instant.parse("2026-04-01T09:00:00Z");

  @Test
  void confirmed_orders_are_sold_per_sku_and_hour_once_however_often_they_arrive()
      throws Exception {
    var sku = "SKU-SALES-" + UUID.randomUUID();
    var sold = order(sku, 2, NINE.plusSeconds(60));
    var soldThenCancelled = order(sku, 3, NINE.plusSeconds(120));
    var rejected = order(sku, 5, NINE.plusSeconds(180));
    var confirmed = new OrderConfirmed(sold.orderId(), 2, NINE.plusSeconds(61));

    publish(
        sold,
        confirmed,
        confirmed, // published twice by the relay
        soldThenCancelled,
        new OrderConfirmed(soldThenCancelled.orderId(), 2, NINE.plusSeconds(121)),
        new OrderCancelled(
            soldThenCancelled.orderId(),
            3,
            NINE.plusSeconds(3700),
            CancellationReason.CUSTOMER_REQUEST),
        rejected,
        new OrderRejected(
            rejected.orderId(), 2, NINE.plusSeconds(181), RejectionReason.INSUFFICIENT_STOCK));

    await("the hours of " + sku)
        .atMost(PROJECTED)
        .untilAsserted(() ->
            http.get()
                .uri("/api/sales?sku={sku}&from=2026-04-01T08:00:00Z&to=2026-04-01T12:00:00Z", sku)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].hour")
                .isEqualTo(List.of("2026-04-01T09:00:00Z", "2026-04-01T10:00:00Z"))
                .jsonPath("$[0].orders")
                .isEqualTo(2)
                .jsonPath("$[0].units")
                .isEqualTo(5)
                .jsonPath("$[0].revenue")
                .isEqualTo(12.5)
                .jsonPath("$[1].cancelledUnits")
                .isEqualTo(3)
                .jsonPath("$[1].netUnits")
                .isEqualTo(-3));
    http.get()
        .uri("/api/sales?from=2026-04-01T09:00:00Z&to=2026-04-01T10:00:00Z")
        .exchange()
        .expectBody()
        .jsonPath("$[?(@.sku == '%s')].units".formatted(sku))
        .isEqualTo(List.of(5));
  }

  @Test
  void a_range_the_wrong_way_round_too_long_or_out_of_any_calendar_is_a_400_problem() {
    for (var range :
        List.of(
            "from=2026-04-02T00:00:00Z&to=2026-04-01T00:00:00Z",
            "from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z",
            "from=yesterday",
            "to=%2B300000000-01-01T00:00:00Z",
            "from=-300000000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
            "from=1900-01-01T00:00:00Z&to=1900-01-02T00:00:00Z")) {
      http.get()
          .uri("/api/sales?" + range)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("urn:orderflow:problem:invalid-request");
    }
  }

  private static OrderPlaced order(String sku, int quantity, Instant at) {
    var line = new OrderLine(sku, quantity, new BigDecimal("2.50"));
    return new OrderPlaced(
        UUID.randomUUID().toString(), 1, at, "c-sales", List.of(line), line.lineTotal());
  }
}
