package dev.orderflow.inventory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.InventoryEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * inventory-service on the embedded Kafka broker and MongoDB server of this JVM. Every embedded
 * integration test extends this class without adding configuration, so they all share one
 * application context: one relay, one consumer group. A Testcontainers variant extends it too; its
 * {@code @ServiceConnection}s take precedence over the embedded properties.
 *
 * <p>Tests use fresh order ids and skus, so they never see each other's records or levels.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // A sweep every half second, so tests of the recovery path wait for a second, not ten.
      "orderflow.outbox.sweep-interval=500ms",
      "orderflow.outbox.sweep-grace=200ms",
      // The admin API (faults, dead letters), as an operator would call it.
      "orderflow.admin.user=" + InventoryServiceIntegrationTest.ADMIN_USER,
      "orderflow.admin.password=" + InventoryServiceIntegrationTest.ADMIN_PASSWORD
    })
@AutoConfigureRestTestClient
@AutoConfigureMetrics
public abstract class InventoryServiceIntegrationTest {

  protected static final Duration PATIENCE = Duration.ofSeconds(30);
  protected static final String ADMIN_USER = "admin";
  protected static final String ADMIN_PASSWORD = "admin-in-tests";
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** A sku no test ever stocks: an order for it is handled quickly and always fails. */
  private static final String NEVER_STOCKED = "never-stocked";

  @Autowired protected RestTestClient http;
  @Autowired protected KafkaTemplate<String, String> kafka;
  @Autowired protected EventJson json;
  @Autowired private KafkaConnectionDetails kafkaConnection;

  @DynamicPropertySource
  static void embeddedStack(DynamicPropertyRegistry registry) {
    EmbeddedStack.shared()
        .springProperties("inventory")
        .forEach((k, v) -> registry.add(k, () -> v));
  }

  /** The levels of a sku as the API reports them. */
  public record Levels(String sku, int onHand, int reserved, int available) {}

  protected static String newSku(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected static String newOrderId() {
    return UUID.randomUUID().toString();
  }

  protected static OrderLine line(String sku, int quantity) {
    return new OrderLine(sku, quantity, new BigDecimal("1.00"));
  }

  protected static OrderPlaced placed(String orderId, OrderLine... lines) {
    var total =
        Arrays.stream(lines).map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new OrderPlaced(orderId, 1, T0, "c-1", List.of(lines), total);
  }

  protected static OrderCancelled cancelled(String orderId) {
    return new OrderCancelled(orderId, 2, T0.plusSeconds(1), CancellationReason.CUSTOMER_REQUEST);
  }

  protected static OrderRejected rejected(String orderId) {
    return new OrderRejected(orderId, 2, T0.plusSeconds(1), RejectionReason.TIMEOUT);
  }

  /** Sets the on-hand stock of a sku through the API. */
  protected Levels setStock(String sku, int onHand) {
    return http.put()
        .uri("/api/stock/{sku}", sku)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("onHand", onHand))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Levels.class)
        .returnResult()
        .getResponseBody();
  }

  protected Levels levelsOf(String sku) {
    return http.get()
        .uri("/api/stock/{sku}", sku)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Levels.class)
        .returnResult()
        .getResponseBody();
  }

  protected void publish(DomainEvent event) throws Exception {
    publish(event.subject(), event);
  }

  protected void publish(String key, DomainEvent event) throws Exception {
    kafka.send(KafkaOutboxPublisher.recordOf("test", key, event, json.write(event))).get();
  }

  /**
   * Waits until the service has handled every record published so far with {@code key}: a probe
   * with the same key lands on the same partition behind them, so once the probe's outcome is out,
   * they have been handled too.
   */
  protected void awaitHandled(String key) throws Exception {
    var probe = "probe-" + newOrderId();
    publish(key, placed(probe, line(NEVER_STOCKED, 1)));
    awaitInventoryEvents(probe, 1);
  }

  /**
   * The distinct events about {@code key} on inventory.events, in the order they were published.
   */
  protected List<InventoryEvent> inventoryEvents(String key) {
    return inventoryEventsOf(Set.of(key)).getOrDefault(key, List.of());
  }

  /** The distinct events about each of {@code keys} that has any, from one read of the topic. */
  private Map<String, List<InventoryEvent>> inventoryEventsOf(Set<String> keys) {
    var byKey = new HashMap<String, List<InventoryEvent>>();
    for (var record : readAll(Topics.INVENTORY_EVENTS.name())) {
      if (keys.contains(record.key())) {
        var event = (InventoryEvent) json.read(record.value());
        var events = byKey.computeIfAbsent(record.key(), key -> new ArrayList<>());
        if (!events.contains(event)) {
          events.add(event);
        }
      }
    }
    return byKey;
  }

  /**
   * The distinct events about each of {@code keys}, from one read of the topic taken once every key
   * has at least one: one read per look, however many keys.
   */
  protected Map<String, List<InventoryEvent>> awaitInventoryEventsOfEach(Collection<String> keys) {
    var wanted = Set.copyOf(keys);
    return await(
            "events about each of %d keys on %s".formatted(wanted.size(), Topics.INVENTORY_EVENTS))
        .atMost(PATIENCE)
        .until(() -> inventoryEventsOf(wanted), byKey -> byKey.keySet().containsAll(wanted));
  }

  /** The distinct events about {@code key}, once there are at least {@code count}. */
  protected List<InventoryEvent> awaitInventoryEvents(String key, int count) {
    return await("%d events about %s on %s".formatted(count, key, Topics.INVENTORY_EVENTS))
        .atMost(PATIENCE)
        .until(() -> inventoryEvents(key), events -> events.size() >= count);
  }

  /** Every record of {@code topic} now, on whichever broker this context is connected to. */
  protected List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    return TopicRecords.readAll(String.join(",", kafkaConnection.getBootstrapServers()), topic);
  }

  protected static String header(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }
}
