package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.NotificationEvent.NotificationFailed;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.Topics;
import dev.orderflow.notification.domain.NotificationStatus;
import dev.orderflow.platform.kafka.KafkaPlatformProperties;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * An email that fails on its own (the server turns it away for now, with a 4xx reply) goes through
 * the retry topics while its partition moves on; one turned away for good (5xx) is given up at
 * once.
 */
class RetryTopicsIT extends NotificationServiceIntegrationTest {

  @Autowired RetryTopicNames retryTopics;
  @Autowired KafkaPlatformProperties kafkaPlatform;
  @Autowired KafkaListenerEndpointRegistry listeners;

  @Test
  void an_email_turned_away_for_now_is_sent_once_from_a_retry_topic() throws Exception {
    var orderId = placeOrder(newCustomer());
    var messageId = messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED);
    smtpRejections.rejectForNow(messageId, 2);

    publish(new OrderConfirmed(orderId, 2, Instant.now()));

    var sent =
        awaitNotification(
            orderId, NotificationKind.ORDER_CONFIRMED, n -> n.status() == NotificationStatus.SENT);
    assertThat(sent.attempts()).isEqualTo(3);
    assertThat(sent.lastError()).contains("450 4.2.2 Mailbox full");
    assertThat(emails(messageId)).hasSize(1);
    assertThat(awaitAnnouncements(orderId, 1)).singleElement().isInstanceOf(NotificationSent.class);
    assertThat(records(retryTopic(0), orderId)).hasSize(1);
    assertThat(records(retryTopic(1), orderId)).hasSize(1);
    assertThat(records(retryTopic(2), orderId)).isEmpty();
    assertThat(records(Topics.ORDER_EVENTS.deadLetter(), orderId)).isEmpty();
  }

  @Test
  void an_email_turned_away_at_every_attempt_is_given_up_after_the_last_and_announced()
      throws Exception {
    var customerId = newCustomer();
    var orderId = placeOrder(customerId);
    var messageId = messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED);
    smtpRejections.rejectForNow(messageId, SmtpRejections.FOREVER);

    publish(new OrderConfirmed(orderId, 2, Instant.now()));

    var failed = (NotificationFailed) awaitAnnouncements(orderId, 1).getFirst();
    assertThat(failed.kind()).isEqualTo(NotificationKind.ORDER_CONFIRMED);
    assertThat(failed.recipient()).isEqualTo(recipientOf(customerId));
    assertThat(failed.reason()).contains("450 4.2.2 Mailbox full");
    var stored = notifications.find(orderId + ":ORDER_CONFIRMED").orElseThrow();
    assertThat(stored.status()).isEqualTo(NotificationStatus.FAILED);
    assertThat(stored.attempts()).isEqualTo(retryTopics.count() + 1);
    assertThat(stored.lastError()).isEqualTo(failed.reason());
    assertThat(retryTopics.retryTopics())
        .allSatisfy(topic -> assertThat(records(topic, orderId)).hasSize(1));
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

    publish(new OrderConfirmed(orderId, 2, Instant.now()));

    var failed = (NotificationFailed) awaitAnnouncements(orderId, 1).getFirst();
    assertThat(failed.reason()).contains("550 5.1.1 No such user");
    assertThat(notifications.find(orderId + ":ORDER_CONFIRMED").orElseThrow().attempts())
        .isEqualTo(1);
    assertThat(retryTopics.retryTopics())
        .allSatisfy(topic -> assertThat(records(topic, orderId)).isEmpty());
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

    publish(new OrderConfirmed(orderId, 2, confirmedAt));
    awaitNotification(orderId, NotificationKind.ORDER_CONFIRMED, n -> n.attempts() >= 1);
    publish(new OrderCancelled(orderId, 3, cancelledAt, CancellationReason.CUSTOMER_REQUEST));

    assertThat(awaitAnnouncements(orderId, 2))
        .as("the cancellation went out while the confirmation waited in a retry topic")
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
  void the_retry_topics_carry_the_consumer_groups_name_and_are_consumed_by_the_same_listener()
      throws Exception {
    assertThat(retryTopics.retryTopics())
        .containsExactly(
            "orders.events-notification-service-retry-0",
            "orders.events-notification-service-retry-1",
            "orders.events-notification-service-retry-2");
    assertThat(
            listeners.getListenerContainers().stream()
                .filter(container -> container.isAutoStartup())
                .flatMap(container -> Stream.of(container.getContainerProperties().getTopics())))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(Stream.of(Topics.ORDER_EVENTS.name()), retryTopics.retryTopics().stream())
                .toList());
    try (var admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedStack.shared().kafka().bootstrapServers()))) {
      var described = admin.describeTopics(retryTopics.retryTopics()).allTopicNames().get();
      assertThat(described.values())
          .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(kafkaPlatform.partitions()));
    }
  }

  @Test
  void every_retry_topic_is_read_by_a_consumer_group_of_its_own() {
    var groups =
        listeners.getListenerContainers().stream()
            .filter(container -> container.isAutoStartup())
            .map(container -> container.getGroupId());

    assertThat(groups)
        .containsExactlyInAnyOrder(
            "notification-service",
            "notification-service-retry-0",
            "notification-service-retry-1",
            "notification-service-retry-2");
  }

  private String retryTopic(int index) {

    return retryTopics.retryTopics().get(index);
  }
}
