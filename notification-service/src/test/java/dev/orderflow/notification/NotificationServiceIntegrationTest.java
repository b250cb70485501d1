package dev.orderflow.notification;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.json.EventJson;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * notification-service on the embedded Kafka broker, MongoDB server and SMTP server of this JVM.
 * Every integration test extends this class unchanged, so they all share one application context
 * (one relay, one consumer group); {@link SmtpOutage} lets a test fail SMTP for its own emails
 * without a context of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigureMetrics
@Import(SmtpOutageConfiguration.class)
public abstract class NotificationServiceIntegrationTest {

  protected static final Duration PATIENCE = Duration.ofSeconds(30);

  @Autowired protected RestTestClient http;
  @Autowired protected KafkaTemplate<String, String> kafka;
  @Autowired protected EventJson json;
  @Autowired protected SmtpOutage smtpOutage;

  @DynamicPropertySource
  static void embeddedStack(DynamicPropertyRegistry registry) {
    EmbeddedStack.shared()
        .springProperties("notifications")
        .forEach((k, v) -> registry.add(k, () -> v));
  }

  /** A customer of its own for each test, so that its emails are told apart from all others. */
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
    publish(
        new OrderPlaced(
            orderId,
            1,
            Instant.now(),
            customerId,
            List.of(
                new OrderLine("SKU-1", 2, new BigDecimal("9.99")),
                new OrderLine("SKU-2", 1, new BigDecimal("0.02"))),
            new BigDecimal("20.00")));
    return orderId;
  }

  /** Publishes an event as order-service's relay does: its JSON, keyed by its subject. */
  protected void publish(DomainEvent event) throws Exception {
    kafka.send(Topics.of(event).name(), event.subject(), json.write(event)).get();
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
