package dev.orderflow.order.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.Topics;
import dev.orderflow.order.OrderServiceIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * order-service's part in the saga, written once and run twice: on the embedded stack ({@link
 * SagaParticipationIT}) and on real containers where Docker exists ({@link
 * SagaParticipationContainersIT}).
 */
abstract class SagaParticipationScenarios extends OrderServiceIntegrationTest {

  @Test
  void a_reservation_confirms_the_order_and_announces_it() throws Exception {
    var orderId = placeOrder("c-1", "SKU-1", 2);

    publish(new StockReserved(orderId, Instant.now(), List.of(new StockLine("SKU-1", 2))));

    await("order confirmed")
        .atMost(Duration.ofSeconds(20))
        .until(() -> statusOf(orderId).equals("CONFIRMED"));
    var events = awaitRecords(Topics.ORDER_EVENTS.name(), orderId, 2);
    assertThat(json.read(events.get(1).value())).isInstanceOf(OrderConfirmed.class);
  }

  @Test
  void a_failed_reservation_rejects_the_order_with_its_reason() throws Exception {
    var orderId = placeOrder("c-1", "SKU-1", 2);

    publish(
        new StockReservationFailed(
            orderId,
            Instant.now(),
            RejectionReason.INSUFFICIENT_STOCK,
            List.of(new Shortage("SKU-1", 2, 0))));

    await("order rejected")
        .atMost(Duration.ofSeconds(20))
        .until(() -> statusOf(orderId).equals("REJECTED"));
    var rejected =
        (OrderRejected)
            json.read(awaitRecords(Topics.ORDER_EVENTS.name(), orderId, 2).get(1).value());
    assertThat(rejected.reason()).isEqualTo(RejectionReason.INSUFFICIENT_STOCK);
  }

  @Test
  void a_duplicated_reservation_confirms_once() throws Exception {
    var orderId = placeOrder("c-1", "SKU-1", 1);
    var reserved = new StockReserved(orderId, Instant.now(), List.of(new StockLine("SKU-1", 1)));

    publish(reserved);
    publish(reserved);
    var marker = placeOrder("c-1", "SKU-1", 1);
    publish(new StockReserved(marker, Instant.now(), List.of(new StockLine("SKU-1", 1))));

    await("a later record on the topic is handled")
        .atMost(Duration.ofSeconds(20))
        .until(() -> statusOf(marker).equals("CONFIRMED"));
    http.get()
        .uri("/api/orders/{id}", orderId)
        .exchange()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(2);
    assertThat(awaitRecords(Topics.ORDER_EVENTS.name(), orderId, 2))
        .extracting(record -> ((OrderEvent) json.read(record.value())).version())
        .containsOnly(1L, 2L);
  }

  @Test
  void a_reservation_for_an_unknown_order_is_dead_lettered() throws Exception {
    var unknown = UUID.randomUUID().toString();

    publish(new StockReserved(unknown, Instant.now(), List.of(new StockLine("SKU-1", 1))));

    var deadLetter =
        await("a dead letter for " + unknown)
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    readAll(Topics.INVENTORY_EVENTS.deadLetter()).stream()
                        .filter(record -> unknown.equals(record.key()))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("unknown order");
  }
}
