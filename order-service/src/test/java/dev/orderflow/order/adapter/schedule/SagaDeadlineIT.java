package dev.orderflow.order.adapter.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.Topics;
import dev.orderflow.order.OrderServiceIntegrationTest;
import dev.orderflow.platform.faults.ServiceWideFaults;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The saga deadline through the running service: an order nobody answers is rejected with reason
 * {@code timeout} and that is announced on {@code orders.events}; a reservation arriving afterwards
 * changes nothing here (inventory-service gives it back when it reads the {@code OrderRejected}:
 * its {@code StockReservationScenarios} show that side); an order answered in time is never timed
 * out, and its reminder is removed within a flush; while the {@code deadline-sweep-pause} fault is
 * on, an overdue order stays pending and is counted in {@code orders_saga_overdue}, and the first
 * round after it rejects it. The deadline is {@value #SAGA_DEADLINE_SECONDS} s in these tests.
 */
class SagaDeadlineIT extends OrderServiceIntegrationTest {

  static final Duration DEADLINE = Duration.ofSeconds(SAGA_DEADLINE_SECONDS);
  static final Duration TIMED_OUT_WITHIN = DEADLINE.plusSeconds(15);

  @Autowired KafkaAdmin kafkaAdmin;
  @Autowired ServiceWideFaults faults;
  @Autowired MongoTemplate mongo;

  @Value("${spring.kafka.consumer.group-id}")
  String consumerGroup;

  /** For the whole service: a fault is kept in MongoDB, where later tests would find it. */
  @AfterEach
  void switchTheFaultOff() {
    faults.disable(SagaDeadlineSweep.PAUSE);
  }

  @Test
  void while_the_sweep_is_paused_an_overdue_order_stays_pending_and_is_counted_then_rejected()
      throws Exception {
    http.put()
        .uri("/api/admin/faults/{name}", SagaDeadlineSweep.PAUSE)
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("enabled", true))
        .exchange()
        .expectStatus()
        .isOk();
    var orderId = placeOrder("c-deadline-paused", "SKU-1", 1);

    // Overdue 10 s past the deadline, counted every 5 s: the gauge rises some 21 s after placing.
    await("order " + orderId + " counted in orders_saga_overdue")
        .atMost(DEADLINE.plusSeconds(40))
        .until(() -> metric("orders_saga_overdue") >= 1);
    assertThat(statusOf(orderId)).as("still pending, its deadline long past").isEqualTo("PENDING");
    assertThat(metric("orders_saga_overdue_read_age_seconds"))
        .as("counted moments ago, every 5 s")
        .isLessThan(10);

    http.delete()
        .uri("/api/admin/faults/{name}", SagaDeadlineSweep.PAUSE)
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .exchange()
        .expectStatus()
        .isOk();

    awaitStatus(orderId, "REJECTED", Duration.ofSeconds(10));
    await("orders_saga_overdue back to 0")
        .atMost(Duration.ofSeconds(15))
        .until(() -> metric("orders_saga_overdue") == 0);
  }

  @Test
  void an_order_inventory_does_not_answer_in_time_is_rejected_with_reason_timeout()
      throws Exception {
    var orderId = placeOrder("c-deadline", "SKU-1", 1);

    awaitStatus(orderId, "REJECTED", TIMED_OUT_WITHIN);

    var events =
        awaitRecords(Topics.ORDER_EVENTS.name(), orderId, 2).stream()
            .map(record -> (OrderEvent) json.read(record.value()))
            .toList();
    var placed = (OrderPlaced) events.get(0);
    var rejected = (OrderRejected) events.get(1);
    assertThat(rejected.reason()).isEqualTo(RejectionReason.TIMEOUT);
    assertThat(rejected.version()).isEqualTo(2);
    assertThat(Duration.between(placed.occurredAt(), rejected.occurredAt()))
        .as("rejected no earlier than the deadline")
        .isGreaterThanOrEqualTo(DEADLINE);
    assertThat(timeoutsCounted()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void a_reservation_arriving_after_the_timeout_leaves_the_order_rejected() throws Exception {
    var orderId = placeOrder("c-deadline", "SKU-1", 2);
    awaitStatus(orderId, "REJECTED", TIMED_OUT_WITHIN);

    var late = send(new StockReserved(orderId, Instant.now(), List.of(new StockLine("SKU-1", 2))));
    awaitHandled(late);

    http.get()
        .uri("/api/orders/{id}", orderId)
        .exchange()
        .expectBody()
        .json("{\"status\":\"REJECTED\",\"version\":2}");
    assertThat(awaitRecords(Topics.ORDER_EVENTS.name(), orderId, 2))
        .extracting(record -> ((OrderEvent) json.read(record.value())).type())
        .containsExactly("OrderPlaced", "OrderRejected");
  }

  @Test
  void an_order_inventory_answers_in_time_is_never_timed_out() throws Exception {
    var orderId = placeOrder("c-deadline", "SKU-1", 3);
    // Written with the order: its first commit carries the reminder until it is decided.
    assertThat(reminders(orderId)).isEqualTo(1);
    send(new StockReserved(orderId, Instant.now(), List.of(new StockLine("SKU-1", 3))));
    awaitStatus(orderId, "CONFIRMED", Duration.ofSeconds(20));
    // Removed with the other decided orders' reminders, at the next flush (a second at most).
    await("the reminder of " + orderId + " removed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> reminders(orderId) == 0);

    await("order " + orderId + " still confirmed after the deadline has passed")
        .during(DEADLINE.plusSeconds(2))
        .atMost(DEADLINE.plusSeconds(10))
        .until(() -> statusOf(orderId).equals("CONFIRMED"));
  }

  /** 1 while the order's first commit still carries its deadline reminder, else 0. */
  private long reminders(String orderId) {
    return mongo
        .getCollection("order_commits")
        .countDocuments(new Document("_id", orderId + ":1").append("awaitingDecision", true));
  }

  private void awaitStatus(String orderId, String status, Duration within) {
    await("order " + orderId + " " + status)
        .atMost(within)
        .until(() -> statusOf(orderId).equals(status));
  }

  private RecordMetadata send(StockReserved event) throws Exception {
    return kafka
        .send(KafkaOutboxPublisher.recordOf("test", event.subject(), event, json.write(event)))
        .get()
        .getRecordMetadata();
  }

  /** Until order-service's consumer group has committed past {@code record}. */
  private void awaitHandled(RecordMetadata record) {
    var partition = new TopicPartition(record.topic(), record.partition());
    try (var admin = AdminClient.create(kafkaAdmin.getConfigurationProperties())) {
      await("order-service handled " + partition + "@" + record.offset())
          .atMost(Duration.ofSeconds(20))
          .until(() -> {
            var committed =
                admin
                    .listConsumerGroupOffsets(consumerGroup)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(partition);
            return committed != null && committed.offset() > record.offset();
          });
    }
  }

  private double timeoutsCounted() {
    return metric("orders_saga_timeouts_total");
  }

  private double metric(String name) {
    var metrics =
        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    var sample =
        Pattern.compile("^" + name + "(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    assertThat(sample.find()).as(name + " is exposed").isTrue();
    return Double.parseDouble(sample.group(1));
  }
}
