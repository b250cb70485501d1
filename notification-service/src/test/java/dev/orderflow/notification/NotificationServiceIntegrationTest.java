package dev.orderflow.notification;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Placement;
import dev.orderflow.events.Topics;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.OrderOutcome;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.faults.ServiceWideFaults;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * notification-service on the embedded Kafka broker, MongoDB server and SMTP server of this JVM.
 * Every integration test extends this class unchanged, so they all share one application context
 * (one relay, one consumer group); anything a test needs is set up here. {@link SmtpRejections}
 * lets a test have its own emails turned away without a context of its own, and the admin API
 * switches the faults.
 *
 * <p>The delays of deferred emails, the circuit breaker's wait and the time limit are seconds
 * instead of minutes, so that outages and retries play out within a test. Whatever a test switches
 * on is switched off after it, and the circuit breaker closed again, so no test sees another's
 * weather.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "orderflow.admin.user=" + NotificationServiceIntegrationTest.ADMIN_USER,
      "orderflow.admin.password=" + NotificationServiceIntegrationTest.ADMIN_PASSWORD,
      // Static group membership, as under ./devstack and in containers.
      "orderflow.kafka.instance-id=it",
      "orderflow.notification.retries.initial-delay=1s",
      "orderflow.notification.retries.multiplier=2.0",
      "orderflow.notification.retries.max-delay=4s",
      "orderflow.notification.retries.sweep-interval=200ms",
      // Records waiting in place for SMTP try again at least every 5 s (20 s in production).
      "orderflow.kafka.retry.max-interval=500ms",
      "resilience4j.circuitbreaker.instances.smtp.wait-duration-in-open-state=1s",
      "resilience4j.timelimiter.instances.smtp.timeout-duration=2s",
      "resilience4j.retry.instances.smtp.wait-duration=100ms"
    })
@AutoConfigureRestTestClient
@AutoConfigureMetrics
@Import(SmtpRejectionsConfiguration.class)
public abstract class NotificationServiceIntegrationTest {

  protected static final Duration PATIENCE = Duration.ofSeconds(30);
  protected static final String ADMIN_USER = "admin";
  protected static final String ADMIN_PASSWORD = "admin-in-tests";

  @Autowired protected RestTestClient http;
  @Autowired protected KafkaTemplate<String, String> kafka;
  @Autowired protected EventJson json;
  @Autowired protected SmtpRejections smtpRejections;
  @Autowired protected NotificationStore notifications;
  @Autowired private Faults faults;
  @Autowired private ServiceWideFaults shared;
  @Autowired private CircuitBreakerRegistry circuitBreakers;
  @Autowired private ConsumptionPause consumptionPause;

  @AfterEach
  void leaveTheWeatherFine() {
    // For the whole service: a fault is kept in MongoDB, where later contexts would find it.
    // Every one, not only those on here: another instance (a cached context) may have one on.
    faults.all().forEach(fault -> shared.disable(fault.name()));
    smtpRejections.clear();
    // Closing the breaker resumes the consumers (ConsumptionPause follows it).
    smtpCircuitBreaker().reset();
    await("email consumers running")
        .atMost(PATIENCE)
        .until(() -> consumptionPause.emailSenders().stream().noneMatch(paused()));
  }

  protected CircuitBreaker smtpCircuitBreaker() {
    return circuitBreakers.circuitBreaker(ResilientEmailSender.SMTP);
  }

  /** True for every consumer that sends email, once the breaker has paused them all. */
  protected boolean emailConsumersPaused() {
    var containers = consumptionPause.emailSenders();
    return !containers.isEmpty() && containers.stream().allMatch(paused());
  }

  private static Predicate<MessageListenerContainer> paused() {
    return MessageListenerContainer::isPauseRequested;
  }

  /** Switches a fault on through the admin API, as an operator would. */
  protected void switchOn(String fault, Map<String, Object> parameters) {
    var body = new LinkedHashMap<String, Object>();
    body.put("enabled", true);
    body.putAll(parameters);
    http.put()
        .uri("/api/admin/faults/{name}", fault)
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .contentType(MediaType.APPLICATION_JSON)
        .body(body)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.enabled")
        .isEqualTo(true);
  }

  protected void switchOff(String fault) {
    http.delete()
        .uri("/api/admin/faults/{name}", fault)
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.enabled")
        .isEqualTo(false);
  }

  /** What {@code /actuator/prometheus} shows now. */
  protected String prometheus() {
    return http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  /** The stored notification of an order and kind, once it exists. */
  protected Notification awaitNotification(
      String orderId, NotificationKind kind, Predicate<Notification> condition) {
    var id = OrderOutcome.notificationId(orderId, kind);
    return await("notification " + id)
        .atMost(PATIENCE)
        .until(() -> notifications.find(id).filter(condition), Optional::isPresent)
        .orElseThrow();
  }

  @DynamicPropertySource
  static void embeddedStack(DynamicPropertyRegistry registry) {
    EmbeddedStack.shared()
        .springProperties("notifications")
        .forEach((k, v) -> registry.add(k, () -> v));
  }

  /** A customer of its own for each test, so that its emails are told apart from all others. */
  private static final Map<String, Placement> placements = new ConcurrentHashMap<>();

  protected static String newCustomer() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected static String recipientOf(String customerId) {
    return customerId + "@customers.orderflow.dev";
  }

  protected static String messageIdOf(String orderId, NotificationKind kind) {
    return "<%s.%s@orderflow>".formatted(orderId, kind);
  }

  /** Publishes the placement of a new order of {@code customerId} and returns the order's id. */
  protected String placeOrder(String customerId) throws Exception {
    var orderId = UUID.randomUUID().toString();
    placeOrder(orderId, customerId);
    return orderId;
  }

  /**
   * Publishes the placement of order {@code orderId} of {@code customerId}, and remembers it for
   * its terminal events ({@link #placementOf}).
   */
  protected void placeOrder(String orderId, String customerId) throws Exception {
    var placed =
        new OrderPlaced(
            orderId,
            1,
            Instant.now(),
            customerId,
            List.of(
                new OrderLine("SKU-1", 2, new BigDecimal("9.99")),
                new OrderLine("SKU-2", 1, new BigDecimal("0.02"))),
            new BigDecimal("20.00"));
    placements.put(orderId, placed.placement());
    publish(placed);
  }

  /** What the terminal events of an order placed here repeat, as order-service writes them. */
  protected static Placement placementOf(String orderId) {
    return Objects.requireNonNull(placements.get(orderId), () -> orderId + " was not placed here");
  }

  /** Publishes an event as order-service's relay does: its JSON, keyed by its subject. */
  protected void publish(DomainEvent event) throws Exception {
    kafka
        .send(KafkaOutboxPublisher.recordOf("test", event.subject(), event, json.write(event)))
        .get();
  }

  /** The emails with this {@code Message-ID}, once there are at least {@code count}. */
  protected List<MimeMessage> awaitEmails(String messageId, int count) {
    return await("%d emails with Message-ID %s".formatted(count, messageId))
        .atMost(PATIENCE)
        .until(() -> emails(messageId), emails -> emails.size() >= count);
  }

  protected static List<MimeMessage> emails(String messageId) {
    return ReceivedEmails.withMessageId(
        EmbeddedStack.shared().smtp().receivedMessages(), messageId);
  }

  /** The records of {@code topic} with {@code key}, once there are at least {@code count}. */
  protected List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, String key, int count) {
    return await("%d records with key %s on %s".formatted(count, key, topic))
        .atMost(PATIENCE)
        .until(() -> records(topic, key), records -> records.size() >= count);
  }

  protected static List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
    return EmbeddedStack.shared().kafka().readAll(topic).stream()
        .filter(record -> key.equals(record.key()))
        .toList();
  }

  /** What notification-service announced about an order, once it announced {@code count}. */
  protected List<NotificationEvent> awaitAnnouncements(String orderId, int count) {
    return awaitRecords(Topics.NOTIFICATION_EVENTS.name(), orderId, count).stream()
        .map(record -> (NotificationEvent) json.read(record.value()))
        .toList();
  }

  protected static String header(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }
}
