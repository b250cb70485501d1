package dev.orderflow.systemtest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.systemtest.Orderflow.Line;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The saga across all four services, each its own process, driven only through the HTTP contract
 * and Kafka: scarce stock raced for, multi-line orders, cancels, idempotent retries, bad input, a
 * poison record and a crashed service. The last test then checks every guarantee of the design
 * against every order the earlier tests placed.
 */
@ExtendWith(RunningSystem.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaGuaranteesIT {

  private static final Duration SETTLE = Duration.ofSeconds(60);

  private final Orderflow orderflow;
  private final Devstack stack;
  private final SystemState state;

  /** Every order answered 202, with the lines it asked for. */
  private final Map<String, List<Line>> accepted = new ConcurrentHashMap<>();

  private final Set<String> skus = ConcurrentHashMap.newKeySet();

  SagaGuaranteesIT(Orderflow orderflow, Devstack stack) {
    this.orderflow = orderflow;
    this.stack = stack;
    this.state = new SystemState(stack);
  }

  @Test
  @Order(1)
  void orders_racing_for_the_last_units_of_a_sku_never_oversell() throws Exception {
    var sku = newSku("RACE", 10);

    var orderIds = concurrently(40, i -> place("racer-" + i, new Line(sku, 1, "4.99")));

    assertThat(decisions(orderIds))
        .containsOnly(Map.entry("CONFIRMED", 10L), Map.entry("REJECTED", 30L));
    assertStock(sku, 10, 10, 0);
  }

  @Test
  @Order(2)
  void a_multi_line_order_reserves_every_line_or_none() {
    var plenty = newSku("PLENTY", 50);
    var scarce = newSku("SCARCE", 5);

    var tooMuch = place("c-multi", new Line(plenty, 2, "3.00"), new Line(scarce, 10, "7.50"));
    assertThat(awaitDecided(tooMuch)).isEqualTo("REJECTED");
    assertStock(plenty, 50, 0, 50);
    assertStock(scarce, 5, 0, 5);

    var fits = place("c-multi", new Line(plenty, 2, "3.00"), new Line(scarce, 3, "7.50"));
    assertThat(awaitDecided(fits)).isEqualTo("CONFIRMED");
    assertStock(plenty, 50, 2, 48);
    assertStock(scarce, 5, 3, 2);
  }

  @Test
  @Order(3)
  void cancelling_releases_the_reservation_once_and_only_allowed_cancels_pass() throws Exception {
    var sku = newSku("CANCEL", 5);
    var confirmed = place("c-cancel", new Line(sku, 2, "1.00"));
    assertThat(awaitDecided(confirmed)).isEqualTo("CONFIRMED");

    var cancels = concurrently(3, i -> orderflow.cancel(confirmed).status());

    assertThat(cancels).containsExactlyInAnyOrder(202, 409, 409);

    assertThat(orderflow.order(confirmed).text("status")).isEqualTo("CANCELLED");
    assertStock(sku, 5, 0, 5);

    var rejected = place("c-cancel", new Line(sku, 99, "1.00"));
    assertThat(awaitDecided(rejected)).isEqualTo("REJECTED");
    assertThat(orderflow.cancel(rejected).status()).isEqualTo(409);
    assertThat(orderflow.cancel(UUID.randomUUID().toString()).status()).isEqualTo(404);
  }

  @Test
  @Order(4)
  void a_retried_request_with_the_same_idempotency_key_places_one_order() throws Exception {
    var sku = newSku("IDEM", 10);
    var key = UUID.randomUUID().toString();
    var line = new Line(sku, 3, "2.50");

    var answers = concurrently(5, i -> orderflow.placeOrder("c-idem", List.of(line), key));

    assertThat(answers).extracting(Orderflow.Answer::status).containsOnly(202);
    var orderId = answers.getFirst().text("orderId");
    assertThat(answers).extracting(answer -> answer.text("orderId")).containsOnly(orderId);
    accepted.put(orderId, List.of(line));
    assertThat(awaitDecided(orderId)).isEqualTo("CONFIRMED");
    assertStock(sku, 10, 3, 7);

    var otherContent = orderflow.placeOrder("c-idem", List.of(new Line(sku, 4, "2.50")), key);
    assertThat(otherContent.status()).isEqualTo(422);
    assertThat(otherContent.contentType()).startsWith("application/problem+json");
  }

  @Test
  @Order(5)
  void bad_input_gets_a_problem_with_a_4xx_and_changes_nothing() {
    var sku = newSku("BAD", 3);

    assertProblem(orderflow.postRawOrder("{\"customerId\": "), 400);
    assertProblem(orderflow.postRawOrder("{\"customerId\":\"c-1\",\"lines\":[]}"), 400);
    assertProblem(
        orderflow.postRawOrder(
            "{\"customerId\":\"c-1\",\"lines\":[{\"sku\":\"%s\",\"quantity\":-2,\"unitPrice\":1}]}"
                .formatted(sku)),
        400);
    assertProblem(orderflow.setStock(sku, -1), 400);
    assertProblem(orderflow.setStock(sku, "many"), 400);
    assertProblem(orderflow.stock("NO-SUCH-SKU-" + UUID.randomUUID()), 404);
    assertProblem(orderflow.order(UUID.randomUUID().toString()), 404);
    assertStock(sku, 3, 0, 3);

    var reserved = place("c-bad", new Line(sku, 2, "1.00"));
    assertThat(awaitDecided(reserved)).isEqualTo("CONFIRMED");
    assertProblem(orderflow.setStock(sku, 1), 409);
    assertStock(sku, 3, 2, 1);
  }

  @Test
  @Order(6)
  void a_poison_record_goes_to_the_dead_letter_topic_and_every_consumer_carries_on()
      throws Exception {
    var poison = "poison-" + UUID.randomUUID();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", stack.kafkaBootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>("orders.events", poison, "this is not an event")).get();
      producer.send(new ProducerRecord<>("inventory.events", poison, "{\"type\":\"Nope\"}")).get();
    }

    assertThat(deadLetterGroups("orders.events.DLT", poison))
        .containsExactlyInAnyOrder(
            "inventory-service", "notification-service", "projection-service");
    assertThat(deadLetterGroups("inventory.events.DLT", poison))
        .containsExactlyInAnyOrder("order-service", "projection-service");

    var sku = newSku("AFTER-POISON", 1);
    var after = place("c-poison", new Line(sku, 1, "1.00"));
    assertThat(awaitDecided(after)).isEqualTo("CONFIRMED");
    await("the read side has the order placed after the poison")
        .atMost(SETTLE)
        .until(() -> orderflow.projectedOrder(after).status() == 200);
    await("the customer was emailed about the order placed after the poison")
        .atMost(SETTLE)
        .until(() -> orderflow.notifications(after).body().size() == 1);
  }

  @Test
  @Order(7)
  void orders_placed_while_inventory_service_crashes_are_all_decided_after_it_restarts()
      throws Exception {
    var sku = newSku("CRASH", 20);
    var restartsBefore = stack.restarts("inventory-service");
    var orderIds = new ArrayList<String>();
    for (int i = 0; i < 30; i++) {
      if (i == 10) {
        stack.kill("inventory-service");
      }
      orderIds.add(place("c-crash-" + i, new Line(sku, 1, "9.00")));
    }

    assertThat(decisions(orderIds))
        .containsOnly(Map.entry("CONFIRMED", 20L), Map.entry("REJECTED", 10L));
    assertThat(stack.restarts("inventory-service")).isGreaterThan(restartsBefore);
    assertStock(sku, 20, 20, 0);
  }

  @Test
  @Order(100)
  void every_guarantee_holds_for_every_order_placed() {
    assertThat(accepted).as("orders placed by the tests before this one").hasSizeGreaterThan(70);

    // 1. No order lost: every order answered 202 reached a decision.
    accepted.keySet().forEach(this::awaitDecided);
    var histories = new HashMap<String, SystemState.OrderHistory>();
    accepted.keySet().forEach(id -> histories.put(id, state.eventStoreHistory(id)));

    // 2. Stock conservation: on hand = available + reserved, never negative, and what is reserved
    // is exactly what the orders holding stock (confirmed, not cancelled) asked for.
    await("stock matches the decided orders")
        .atMost(SETTLE)
        .untilAsserted(() -> {
          for (var sku : skus) {
            var stock = orderflow.stock(sku).body();
            var onHand = stock.get("onHand").asInt();
            var reserved = stock.get("reserved").asInt();
            var available = stock.get("available").asInt();
            assertThat(available + reserved).as("%s: available + reserved", sku).isEqualTo(onHand);
            assertThat(available).as("%s: available", sku).isNotNegative();
            assertThat(reserved).as("%s: reserved", sku).isEqualTo(heldBy(sku, histories));
          }
        });

    // 3. Effects once: one email per terminal state the order went through, each sent.
    await("one email per terminal state")
        .atMost(SETTLE)
        .untilAsserted(() ->
            histories.forEach((orderId, history) -> {
              var notifications = orderflow.notifications(orderId).body();
              var kinds = new ArrayList<String>();
              notifications.forEach(n -> {
                assertThat(n.get("status").asString()).as(orderId).isEqualTo("SENT");
                kinds.add(n.get("kind").asString());
              });
              assertThat(kinds)
                  .as(orderId)
                  .containsExactlyInAnyOrderElementsOf(history.emailKinds());
            }));

    // 4. Per-order ordering: on orders.events each order's events first appear in version order.
    var firstSeen = state.versionsInTopicOrder(accepted.keySet());
    histories.forEach((orderId, history) ->
        assertThat(firstSeen.get(orderId))
            .as(orderId)
            .containsExactlyElementsOf(history.versions()));

    // 5. The read model converges to the fold of the event store.
    await("projections equal the event store")
        .atMost(SETTLE)
        .untilAsserted(() ->
            histories.forEach((orderId, history) -> {
              var view = orderflow.projectedOrder(orderId).body();
              assertThat(view.get("status").asString()).as(orderId).isEqualTo(history.status());
              assertThat(view.get("customerId").asString())
                  .as(orderId)
                  .isEqualTo(history.customerId());
              assertThat(view.get("total").decimalValue())
                  .as(orderId)
                  .isEqualByComparingTo(history.total());
              assertThat(view.get("lines").size()).as(orderId).isEqualTo(history.lineCount());
            }));

    // 7. No dual writes: every stored event left its outbox, in every service.
    await("every outbox drained")
        .atMost(SETTLE)
        .untilAsserted(() -> assertThat(state.unpublishedOutboxEntries()).isEmpty());
  }

  // ---------------------------------------------------------------------------------------------

  private String newSku(String prefix, int onHand) {
    var sku = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(orderflow.setStock(sku, onHand).status()).isEqualTo(200);
    skus.add(sku);
    return sku;
  }

  private String place(String customerId, Line... lines) {
    var answer = orderflow.placeOrder(customerId, List.of(lines));
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(202);
    var orderId = answer.text("orderId");
    assertThat(answer.header("Location")).contains("/api/orders/" + orderId);
    accepted.put(orderId, List.of(lines));
    return orderId;
  }

  /** The order's status once inventory has answered (not PENDING any more), on the write side. */
  private String awaitDecided(String orderId) {
    return await("order " + orderId + " decided")
        .atMost(SETTLE)
        .until(() -> orderflow.order(orderId).text("status"), status -> !status.equals("PENDING"));
  }

  private Map<String, Long> decisions(List<String> orderIds) {
    return orderIds.stream()
        .map(this::awaitDecided)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private void assertStock(String sku, int onHand, int reserved, int available) {
    await("stock of " + sku)
        .atMost(SETTLE)
        .untilAsserted(() -> {
          var stock = orderflow.stock(sku).body();
          assertThat(stock.get("onHand").asInt()).as("onHand").isEqualTo(onHand);
          assertThat(stock.get("reserved").asInt()).as("reserved").isEqualTo(reserved);
          assertThat(stock.get("available").asInt()).as("available").isEqualTo(available);
        });
  }

  private static void assertProblem(Orderflow.Answer answer, int status) {
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.body().get("type").asString()).startsWith("urn:orderflow:problem:");
  }

  /** Units of {@code sku} held by orders that are confirmed and not cancelled. */
  private int heldBy(String sku, Map<String, SystemState.OrderHistory> histories) {
    return histories.entrySet().stream()
        .filter(entry -> entry.getValue().status().equals("CONFIRMED"))
        .flatMap(entry -> accepted.get(entry.getKey()).stream())
        .filter(line -> line.sku().equals(sku))
        .mapToInt(Line::quantity)
        .sum();
  }

  private List<String> deadLetterGroups(String deadLetterTopic, String key) {
    return await("dead letters with key " + key + " on " + deadLetterTopic)
        .atMost(SETTLE)
        .until(
            () ->
                TopicRecords.readAll(stack.kafkaBootstrapServers(), deadLetterTopic).stream()
                    .filter(record -> key.equals(record.key()))
                    .map(record ->
                        new String(
                            record
                                .headers()
                                .lastHeader("kafka_dlt-original-consumer-group")
                                .value(),
                            UTF_8))
                    .toList(),
            groups -> groups.size() >= (deadLetterTopic.startsWith("orders") ? 3 : 2));
  }

  private static <T> List<T> concurrently(int count, IntFunctionThrowing<T> action)
      throws Exception {
    try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
      var futures = new ArrayList<Future<T>>();
      IntStream.range(0, count).forEach(i -> futures.add(clients.submit(() -> action.apply(i))));
      var results = new ArrayList<T>();
      for (var future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }

  @FunctionalInterface
  private interface IntFunctionThrowing<T> {
    T apply(int i) throws Exception;
  }
}
