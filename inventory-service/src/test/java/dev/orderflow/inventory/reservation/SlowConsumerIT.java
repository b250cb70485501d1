package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.Topics;
import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import dev.orderflow.platform.faults.ServiceWideFaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The {@code slow-consumer} fault, switched through the admin API: the consumer group falls behind
 * while it is on, at its default even at the rate of {@code ./devstack --demo}, and catches up
 * without losing or repeating a reservation once it is off.
 */
class SlowConsumerIT extends InventoryServiceIntegrationTest {

  private static final int ORDERS = 30;

  @Autowired KafkaAdmin kafkaAdmin;
  @Autowired KafkaProperties kafkaProperties;
  @Autowired ServiceWideFaults faults;

  /** For the whole service: a fault is kept in MongoDB, where later contexts would find it. */
  @AfterEach
  void switchTheFaultOff() {
    faults.disable(SlowConsumer.NAME);
  }

  @Test
  void a_slow_consumer_builds_lag_and_once_switched_off_catches_up_reserving_each_order_once()
      throws Exception {
    var sku = newSku("SLOW");
    setStock(sku, 100);
    switchOn(300);
    List<OrderPlaced> orders =
        IntStream.range(0, ORDERS).mapToObj(i -> placed(newOrderId(), line(sku, 1))).toList();

    for (var order : orders) {
      publish(order);
    }

    // Without the fault thirty records take a fraction of a second; with it, ten per partition
    // take three seconds, and the group stays behind all that while.
    await("the consumer group behind the end of orders.events")
        .during(Duration.ofSeconds(1))
        .atMost(PATIENCE)
        .until(() -> lag() > 0);
    assertThat(prometheus())
        .containsPattern("faults_active\\{[^}]*name=\"slow-consumer\"[^}]*} 1\\.0");

    http.delete()
        .uri("/api/admin/faults/{name}", SlowConsumer.NAME)
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .exchange()
        .expectStatus()
        .isOk();

    await("the consumer group caught up").atMost(PATIENCE).until(() -> lag() == 0);
    var events = awaitInventoryEventsOfEach(orders.stream().map(OrderPlaced::orderId).toList());
    for (var order : orders) {
      assertThat(events.get(order.orderId())).singleElement().isInstanceOf(StockReserved.class);
    }
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 100, ORDERS, 100 - ORDERS));
  }

  @Test
  void at_its_default_the_fault_builds_lag_at_the_demo_rate_and_switched_off_the_group_catches_up()
      throws Exception {
    var sku = newSku("DEMO");
    setStock(sku, 100);
    http.put()
        .uri("/api/admin/faults/{name}", SlowConsumer.NAME)
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("enabled", true))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.parameters.delayMs")
        .isEqualTo(SlowConsumer.DEFAULT_DELAY_MS);
    // About what ./devstack --demo writes to orders.events: three records a second (an order
    // placed and decided every 0.7 s), spread over the partitions.
    var orders = new CopyOnWriteArrayList<OrderPlaced>();
    var producer = Executors.newSingleThreadScheduledExecutor();
    try {
      producer.scheduleAtFixedRate(
          () -> {
            var order = placed(newOrderId(), line(sku, 1));
            try {
              publish(order);
              orders.add(order);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          0,
          333,
          TimeUnit.MILLISECONDS);
      await("some lag").atMost(PATIENCE).until(() -> lag() >= 10);
      var first = lag();
      await("lag still growing at the demo rate, ten seconds on")
          .atMost(PATIENCE)
          .pollDelay(Duration.ofSeconds(10))
          .until(() -> lag() >= first + 15);
    } finally {
      producer.shutdownNow();
      producer.awaitTermination(5, TimeUnit.SECONDS);
    }

    faults.disable(SlowConsumer.NAME);

    await("the consumer group caught up").atMost(PATIENCE).until(() -> lag() == 0);
    var events = awaitInventoryEventsOfEach(orders.stream().map(OrderPlaced::orderId).toList());
    for (var order : orders) {
      assertThat(events.get(order.orderId())).singleElement().isInstanceOf(StockReserved.class);
    }
    assertThat(levelsOf(sku).reserved()).isEqualTo(orders.size());
  }

  private void switchOn(int delayMs) {
    http.put()
        .uri("/api/admin/faults/{name}", SlowConsumer.NAME)
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("enabled", true, SlowConsumer.DELAY_MS, delayMs))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.parameters.delayMs")
        .isEqualTo(delayMs);
  }

  /** Records of orders.events this service's consumer group has not committed yet. */
  private long lag() throws Exception {
    try (var admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
      var topic = Topics.ORDER_EVENTS.name();
      var partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(partition -> new TopicPartition(topic, partition.partition()))
              .toList();
      var ends =
          admin
              .listOffsets(
                  partitions.stream()
                      .collect(
                          Collectors.toMap(
                              partition -> partition, partition -> OffsetSpec.latest())))
              .all()
              .get();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(kafkaProperties.getConsumer().getGroupId())
              .partitionsToOffsetAndMetadata()
              .get();
      return partitions.stream()
          .mapToLong(partition -> {
            var end = ends.get(partition).offset();
            var done = committed.get(partition);
            return end - (done == null ? 0 : done.offset());
          })
          .sum();
    }
  }

  private String prometheus() {
    return http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }
}
