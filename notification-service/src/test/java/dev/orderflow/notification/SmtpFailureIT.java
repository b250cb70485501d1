package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.NotificationEvent.NotificationFailed;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.kafka.KafkaPlatformProperties;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SmtpFailureIT extends NotificationServiceIntegrationTest {

  @Autowired NotificationStore notifications;
  @Autowired KafkaPlatformProperties kafkaPlatform;

  @Test
  void an_email_the_smtp_server_never_takes_ends_failed_and_announced_after_bounded_attempts()
      throws Exception {
    var customerId = newCustomer();
    smtpOutage.startFor(recipientOf(customerId));
    try {
      var orderId = placeOrder(customerId);

      publish(new OrderConfirmed(orderId, 2, Instant.now()));

      var failed = (NotificationFailed) awaitAnnouncements(orderId, 1).getFirst();
      assertThat(failed.kind()).isEqualTo(NotificationKind.ORDER_CONFIRMED);
      assertThat(failed.recipient()).isEqualTo(recipientOf(customerId));
      assertThat(failed.reason()).contains("ConnectException");
      var stored = notifications.find(orderId + ":ORDER_CONFIRMED").orElseThrow();
      assertThat(stored.status()).isEqualTo(NotificationStatus.FAILED);
      assertThat(stored.attempts()).isEqualTo(kafkaPlatform.retry().attempts() + 1);
      assertThat(stored.lastError()).isEqualTo(failed.reason());
      http.get()
          .uri("/api/notifications?orderId={id}", orderId)
          .exchange()
          .expectBody()
          .json(
              """
              [{"orderId":"%s","kind":"ORDER_CONFIRMED","status":"FAILED","sentAt":null}]
              """
                  .formatted(orderId));
      assertThat(records(Topics.ORDER_EVENTS.deadLetter(), orderId))
          .as("given up in the notification, not left in the dead-letter topic")
          .isEmpty();
      assertThat(emails(messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED))).isEmpty();
    } finally {
      smtpOutage.endFor(recipientOf(customerId));
    }
  }

  @Test
  void an_email_that_failed_is_sent_by_a_later_attempt_once_smtp_is_back() throws Exception {
    var customerId = newCustomer();
    smtpOutage.startFor(recipientOf(customerId));
    var orderId = placeOrder(customerId);

    publish(new OrderConfirmed(orderId, 2, Instant.now()));
    await("a failed attempt of " + orderId)
        .atMost(PATIENCE)
        .until(
            () -> notifications.find(orderId + ":ORDER_CONFIRMED"),
            found -> found.filter(n -> n.attempts() >= 1).isPresent());
    smtpOutage.endFor(recipientOf(customerId));

    awaitEmails(messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED), 1);
    var stored =
        await("the notification of " + orderId + " recorded as sent")
            .atMost(PATIENCE)
            .until(
                () -> notifications.find(orderId + ":ORDER_CONFIRMED").orElseThrow(),
                n -> n.status() == NotificationStatus.SENT);
    assertThat(stored.attempts()).isGreaterThanOrEqualTo(2);
    assertThat(stored.lastError()).contains("ConnectException");
    assertThat(emails(messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED))).hasSize(1);
  }
}
