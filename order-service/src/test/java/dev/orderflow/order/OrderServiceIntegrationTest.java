package dev.orderflow.order;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * order-service on the embedded Kafka broker and MongoDB server of this JVM. Every embedded
 * integration test extends this class without adding configuration, so they all share one
 * application context: one relay, one consumer group. A Testcontainers variant extends it too; its
 * {@code @ServiceConnection}s take precedence over the embedded properties.
 *
 * <p>The saga deadline is short here, so that {@code SagaDeadlineIT} sees orders time out within
 * seconds, yet long enough for every other test to have its orders decided (or cancelled) first.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "orderflow.orders.saga-deadline=" + OrderServiceIntegrationTest.SAGA_DEADLINE_SECONDS + "s",
      "orderflow.orders.deadline-sweep-interval=500ms",
      "orderflow.admin.user=" + OrderServiceIntegrationTest.ADMIN_USER,
      "orderflow.admin.password=" + OrderServiceIntegrationTest.ADMIN_PASSWORD
    })
@AutoConfigureRestTestClient
@AutoConfigureMetrics
public abstract class OrderServiceIntegrationTest {

  protected static final int SAGA_DEADLINE_SECONDS = 6;
  protected static final String ADMIN_USER = "admin";
  protected static final String ADMIN_PASSWORD = "admin-in-tests";

  @Autowired protected RestTestClient http;
  @Autowired protected KafkaTemplate<String, String> kafka;
  @Autowired protected EventJson json;
  @Autowired private KafkaConnectionDetails kafkaConnection;

  @DynamicPropertySource
  static void embeddedStack(DynamicPropertyRegistry registry) {
    EmbeddedStack.shared().springProperties("orders").forEach((k, v) -> registry.add(k, () -> v));
  }

  /** Places an order for {@code customerId} and returns its id. */
  protected String placeOrder(String customerId, String sku, int quantity) {
    var body =
        http.post()
            .uri("/api/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body(
                Map.of(
                    "customerId",
                    customerId,
                    "lines",
                    List.of(Map.of("sku", sku, "quantity", quantity, "unitPrice", 9.99))))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    return (String) body.get("orderId");
  }

  protected String statusOf(String orderId) {
    return (String)
        http.get()
            .uri("/api/orders/{id}", orderId)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("status");
  }

  protected void publish(DomainEvent event) throws Exception {
    kafka
        .send(KafkaOutboxPublisher.recordOf("test", event.subject(), event, json.write(event)))
        .get();
  }

  /** The records of {@code topic} with {@code key}, once there are at least {@code count}. */
  protected List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, String key, int count) {
    return await("%d records with key %s on %s".formatted(count, key, topic))
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> readAll(topic).stream().filter(record -> key.equals(record.key())).toList(),
            records -> records.size() >= count);
  }

  /** Every record of {@code topic} now, on whichever broker this context is connected to. */
  protected List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    return TopicRecords.readAll(String.join(",", kafkaConnection.getBootstrapServers()), topic);
  }

  protected static String header(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }
}
