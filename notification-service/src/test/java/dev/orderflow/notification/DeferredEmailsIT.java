package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.NotificationEvent.NotificationFailed;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.Topics;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.NotificationStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * An email that fails on its own (the server turns it away for now, with a 4xx reply) is deferred
 * in its notification and sent again by the sweep while its partition moves on; one turned away for
 * good (5xx) is given up at once.
 */
class DeferredEmailsIT extends NotificationServiceIntegrationTest {

  @Autowired NotificationProperties properties;
  @Autowired KafkaListenerEndpointRegistry listeners;

  @Test
  void an_email_turned_away_for_now_is_deferred_and_sent_once_by_the_sweep() throws Exception {
    var orderId = placeOrder(newCustomer());
    var messageId = messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED);
    smtpRejections.rejectForNow(messageId, 2);

    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));

    var deferred =
        awaitNotification(orderId, NotificationKind.ORDER_CONFIRMED, n -> n.attempts() >= 1);
    assertThat(deferred.status()).isEqualTo(NotificationStatus.PENDING);
    var sent =
        awaitNotification(
            orderId, NotificationKind.ORDER_CONFIRMED, n -> n.status() == NotificationStatus.SENT);
    assertThat(sent.attempts()).isEqualTo(3);
    assertThat(sent.lastError()).contains("450 4.2.2 Mailbox full");
    assertThat(sent.nextAttemptAt()).isNull();
    assertThat(emails(messageId)).hasSize(1);
    assertThat(awaitAnnouncements(orderId, 1)).singleElement().isInstanceOf(NotificationSent.class);
    assertThat(records(Topics.ORDER_EVENTS.deadLetter(), orderId)).isEmpty();
  }

  @Test
  void a_copy_of_the_record_of_a_deferred_email_leaves_it_to_the_sweep() throws Exception {
    var orderId = placeOrder(newCustomer());
    var messageId = messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED);
    smtpRejections.rejectForNow(messageId, 1);
    var confirmed = new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId));

    publish(confirmed);
    var deferred =
        awaitNotification(orderId, NotificationKind.ORDER_CONFIRMED, Notification::deferred);
    publish(confirmed);

    var sent =
        awaitNotification(
            orderId, NotificationKind.ORDER_CONFIRMED, n -> n.status() == NotificationStatus.SENT);
    assertThat(sent.attempts()).isEqualTo(2);
    assertThat(sent.sentAt()).isAfterOrEqualTo(deferred.nextAttemptAt());
    await("no second copy of " + messageId)
        .during(Duration.ofSeconds(2))
        .atMost(PATIENCE)
        .until(() -> emails(messageId).size() == 1);
  }

  @Test
  void an_email_turned_away_at_every_attempt_is_given_up_after_the_last_and_announced()
      throws Exception {
    var customerId = newCustomer();
    var orderId = placeOrder(customerId);
    var messageId = messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED);
    smtpRejections.rejectForNow(messageId, SmtpRejections.FOREVER);

    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));

    var failed = (NotificationFailed) awaitAnnouncements(orderId, 1).getFirst();
    assertThat(failed.kind()).isEqualTo(NotificationKind.ORDER_CONFIRMED);
    assertThat(failed.recipient()).isEqualTo(recipientOf(customerId));
    assertThat(failed.reason()).contains("450 4.2.2 Mailbox full");
    var stored = notifications.find(orderId + ":ORDER_CONFIRMED").orElseThrow();
    assertThat(stored.status()).isEqualTo(NotificationStatus.FAILED);
    assertThat(stored.attempts()).isEqualTo(properties.retries().attempts());
    assertThat(stored.lastError()).isEqualTo(failed.reason());
    assertThat(stored.nextAttemptAt()).isNull();
    assertThat(records(Topics.ORDER_EVENTS.deadLetter(), orderId))
        .as("given up in the notification, not left in the dead-letter topic")
        .isEmpty();
    assertThat(emails(messageId)).isEmpty();
    assertThat(smtpCircuitBreaker().getMetrics().getNumberOfFailedCalls())
        .as("an email turned away says nothing about the server's health")
        .isZero();
    http.get()
        .uri("/api/notifications?orderId={id}", orderId)
        .exchange()
        .expectBody()
        .json(
            """
            [{"orderId":"%s","kind":"ORDER_CONFIRMED","status":"FAILED","sentAt":null}]
            """
                .formatted(orderId));
  }

  @Test
  void an_email_refused_for_good_is_given_up_at_once_without_a_retry() throws Exception {
    var orderId = placeOrder(newCustomer());
    var messageId = messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED);
    smtpRejections.rejectForGood(messageId);

    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));

    var failed = (NotificationFailed) awaitAnnouncements(orderId, 1).getFirst();
    assertThat(failed.reason()).contains("550 5.1.1 No such user");
    var stored = notifications.find(orderId + ":ORDER_CONFIRMED").orElseThrow();
    assertThat(stored.attempts()).isEqualTo(1);
    assertThat(stored.nextAttemptAt()).as("never deferred").isNull();
    assertThat(emails(messageId)).isEmpty();
  }

  @Test
  void a_confirmation_tried_again_later_does_not_hold_back_the_cancellation_behind_it()
      throws Exception {
    var orderId = placeOrder(newCustomer());
    var confirmation = messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED);
    var cancellation = messageIdOf(orderId, NotificationKind.ORDER_CANCELLED);
    var confirmedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(10);
    var cancelledAt = confirmedAt.plusSeconds(5);
    smtpRejections.rejectForNow(confirmation, 2);

    publish(new OrderConfirmed(orderId, 2, confirmedAt, placementOf(orderId)));
    awaitNotification(orderId, NotificationKind.ORDER_CONFIRMED, n -> n.attempts() >= 1);
    publish(
        new OrderCancelled(
            orderId, 3, cancelledAt, CancellationReason.CUSTOMER_REQUEST, placementOf(orderId)));

    assertThat(awaitAnnouncements(orderId, 2))
        .as("the cancellation went out while the confirmation was deferred")
        .extracting(NotificationEvent::kind)
        .containsExactly(NotificationKind.ORDER_CANCELLED, NotificationKind.ORDER_CONFIRMED);
    var confirmationEmail = awaitEmails(confirmation, 1);
    var cancellationEmail = awaitEmails(cancellation, 1);
    assertThat(confirmationEmail).hasSize(1);
    assertThat(cancellationEmail).hasSize(1);
    // A client sorting by date still shows them in the order they happened.
    assertThat(confirmationEmail.getFirst().getSentDate().toInstant()).isEqualTo(confirmedAt);
    assertThat(cancellationEmail.getFirst().getSentDate().toInstant()).isEqualTo(cancelledAt);
  }

  @Test
  void only_orders_events_is_consumed_by_the_services_own_group() {
    assertThat(
            listeners.getListenerContainers().stream()
                .filter(container -> container.isAutoStartup())
                .flatMap(container -> Stream.of(container.getContainerProperties().getTopics())))
        .containsExactly(Topics.ORDER_EVENTS.name());
    assertThat(
            listeners.getListenerContainers().stream()
                .filter(container -> container.isAutoStartup())
                .map(container -> container.getGroupId()))
        .containsExactly("notification-service");
  }
}
