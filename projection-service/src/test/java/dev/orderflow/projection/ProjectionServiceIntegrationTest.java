package dev.orderflow.projection;

import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * projection-service on the embedded Kafka broker and MongoDB server of this JVM. Every integration
 * test extends this class unchanged, so they all share one application context (one consumer
 * group). Tests publish events the way the other services do and watch the views over HTTP; each
 * uses fresh order ids and skus, since the views of earlier tests stay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigureMetrics
public abstract class ProjectionServiceIntegrationTest {

  protected static final Duration PROJECTED = Duration.ofSeconds(20);
  protected static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
      new ParameterizedTypeReference<>() {};

  @Autowired protected RestTestClient http;
  @Autowired protected KafkaTemplate<String, String> kafka;
  @Autowired protected EventJson json;
  @Autowired protected MeterRegistry meters;
  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void embeddedStack(DynamicPropertyRegistry registry) {
    EmbeddedStack.shared()
        .springProperties("projections")
        .forEach((k, v) -> registry.add(k, () -> v));
  }

  public RestTestClient http() {
    return http;
  }

  /**
   * Publishes events to their topics, keyed like the other services do, each acknowledged before
   * the next: events with one key arrive in exactly this order.
   */
  public void publish(DomainEvent... events) throws Exception {
    for (var event : events) {
      kafka
          .send(KafkaOutboxPublisher.recordOf("test", event.subject(), event, json.write(event)))
          .get();
    }
  }

  /**
   * Publishes an event as the relay does when it was stored in a trace: with that trace's W3C
   * {@code traceparent} header.
   */
  public void publishTraced(String traceparent, DomainEvent event) throws Exception {
    var record = KafkaOutboxPublisher.recordOf("test", event.subject(), event, json.write(event));
    record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    kafka.send(record).get();
  }

  /** The order's view once it satisfies {@code until}. */
  protected Map<String, Object> awaitOrderView(
      String orderId, String reason, Predicate<Map<String, Object>> until) {
    return await(reason)
        .atMost(PROJECTED)
        // The first look at once: tests wait for hundreds of views, most of them there already.
        .pollDelay(Duration.ZERO)
        .until(() -> orderViewIfAny(orderId), view -> view != null && until.test(view));
  }

  /** The order's view, or null while the read side does not know the order. */
  protected Map<String, Object> orderViewIfAny(String orderId) {
    var result = http.get().uri("/api/orders/{id}", orderId).exchange().returnResult(JSON_OBJECT);
    return result.getStatus().isSameCodeAs(HttpStatus.OK) ? result.getResponseBody() : null;
  }

  protected double skipped(String projection, String reason) {
    return meters
        .get("projection.events.skipped")
        .tag("projection", projection)
        .tag("intake", "live")
        .tag("reason", reason)
        .counter()
        .count();
  }
}
