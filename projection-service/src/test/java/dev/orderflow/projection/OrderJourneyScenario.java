package dev.orderflow.projection;

import static org.awaitility.Awaitility.await;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * One order's journey through all three topics, and what the read side shows of it. Written once,
 * run on every stack: {@link OrderJourneyIT} on the embedded one, {@link OrderJourneyContainersIT}
 * on Kafka and MongoDB in containers. An interface, not a base class, so that the embedded run can
 * extend {@link ProjectionServiceIntegrationTest} and share its application context.
 */
interface OrderJourneyScenario {

  RestTestClient http();

  void publish(DomainEvent... events) throws Exception;

  @Test
  default void a_confirmed_order_shows_its_whole_journey_and_the_stock_it_took() throws Exception {
    var orderId = UUID.randomUUID().toString();
    var sku = "SKU-" + UUID.randomUUID();
    var at = Instant.parse("2026-03-01T09:00:00Z");
    var line = new OrderLine(sku, 3, new BigDecimal("4.50"));

    publish(
        new OrderPlaced(orderId, 1, at, "c-journey", List.of(line), line.lineTotal()),
        new StockReserved(orderId, at.plusMillis(200), List.of(new StockLine(sku, 3))),
        new StockLevelChanged(sku, 2, at.plusMillis(200), 10, 3, 7),
        new OrderConfirmed(orderId, 2, at.plusMillis(300)),
        new NotificationSent(
            orderId, NotificationKind.ORDER_CONFIRMED, at.plusSeconds(1), "c-journey@example.com"));

    await("the journey of " + orderId + " projected")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() ->
            http()
                .get()
                .uri("/api/orders/{id}", orderId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("CONFIRMED")
                .jsonPath("$.total")
                .isEqualTo(13.5)
                .jsonPath("$.timeline[*].type")
                .isEqualTo(
                    List.of("OrderPlaced", "StockReserved", "OrderConfirmed", "NotificationSent")));
    await("the levels of " + sku + " projected")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() ->
            http()
                .get()
                .uri("/api/stock")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.sku == '%s')].available".formatted(sku))
                .isEqualTo(List.of(7)));
    // The customer's history hears of the order once its view is stored (written behind).
    await("the customer history of " + orderId)
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() ->
            http()
                .get()
                .uri("/api/customers/{id}/orders", "c-journey")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.orderId == '%s')].status".formatted(orderId))
                .isEqualTo(List.of("CONFIRMED")));
  }
}
