package dev.orderflow.notification;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The service's main path as a scenario that runs on any infrastructure: the embedded stack ({@link
 * EmbeddedOrderEmailIT}) and real Kafka and MongoDB in containers ({@link ContainersOrderEmailIT}).
 * A test interface rather than an abstract class, so that the embedded variant can still extend
 * {@link NotificationServiceIntegrationTest} and share the one context of the embedded tests.
 */
interface OrderEmailScenario {

  Duration PATIENCE = Duration.ofSeconds(60);

  KafkaTemplate<String, String> kafka();

  EventJson json();

  RestTestClient http();

  /** Every email the SMTP server has received so far. */
  List<MimeMessage> receivedEmails();

  /** Every record of {@code topic} so far. */
  List<ConsumerRecord<String, byte[]>> topicRecords(String topic);

  @Test
  default void a_confirmed_order_gets_one_email_and_its_sending_is_announced() throws Exception {
    var orderId = UUID.randomUUID().toString();
    var customerId = "c-" + UUID.randomUUID().toString().substring(0, 8);
    var recipient = customerId + "@customers.orderflow.dev";
    var messageId = "<" + orderId + ".ORDER_CONFIRMED@orderflow>";

    var placed =
        new OrderPlaced(
            orderId,
            1,
            Instant.now(),
            customerId,
            List.of(new OrderLine("SKU-1", 2, new BigDecimal("9.99"))),
            new BigDecimal("19.98"));
    publishEvent(placed);
    publishEvent(new OrderConfirmed(orderId, 2, Instant.now(), placed.placement()));

    var announcement =
        await("NotificationSent for " + orderId)
            .atMost(PATIENCE)
            .until(
                () -> recordsOf(Topics.NOTIFICATION_EVENTS.name(), orderId),
                records -> !records.isEmpty())
            .getFirst();
    var sent = (NotificationSent) json().read(announcement.value());
    assertThat(sent.kind()).isEqualTo(NotificationKind.ORDER_CONFIRMED);
    assertThat(sent.recipient()).isEqualTo(recipient);
    assertThat(headerOf(announcement, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
    assertThat(headerOf(announcement, CloudEventHeaders.TYPE)).isEqualTo("NotificationSent");
    assertThat(headerOf(announcement, CloudEventHeaders.ID))
        .isEqualTo("notification/" + orderId + "/ORDER_CONFIRMED/sent");
    assertThat(headerOf(announcement, CloudEventHeaders.SOURCE))
        .isEqualTo("/orderflow/notification-service");
    assertThat(headerOf(announcement, CloudEventHeaders.SUBJECT)).isEqualTo(orderId);

    // Announced only after the SMTP server took it, so the email is there by now: exactly one.
    var emails = ReceivedEmails.withMessageId(receivedEmails(), messageId);
    assertThat(emails).hasSize(1);
    var email = emails.getFirst();
    assertThat(ReceivedEmails.recipientsOf(email)).containsExactly(recipient);
    assertThat(ReceivedEmails.subjectOf(email))
        .isEqualTo("Your order " + orderId + " is confirmed");
    assertThat(ReceivedEmails.textOf(email))
        .contains("  SKU-1: 2 x 9.99 = 19.98\n", "Total: 19.98\n", "Status: CONFIRMED\n");

    http()
        .get()
        .uri("/api/notifications?orderId={id}", orderId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json(
            """
            [{"orderId":"%s","kind":"ORDER_CONFIRMED","status":"SENT","sentAt":"%s"}]
            """
                .formatted(orderId, sent.occurredAt()));
  }

  private void publishEvent(DomainEvent event) throws Exception {
    kafka()
        .send(KafkaOutboxPublisher.recordOf("test", event.subject(), event, json().write(event)))
        .get();
  }

  private List<ConsumerRecord<String, byte[]>> recordsOf(String topic, String key) {
    return topicRecords(topic).stream().filter(record -> key.equals(record.key())).toList();
  }

  private static String headerOf(ConsumerRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }
}
