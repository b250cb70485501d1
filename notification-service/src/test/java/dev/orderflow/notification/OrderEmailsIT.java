package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class OrderEmailsIT extends NotificationServiceIntegrationTest {

  @Autowired MeterRegistry meters;

  @Test
  void a_rejected_order_gets_an_email_saying_why() throws Exception {
    var customerId = newCustomer();
    var orderId = placeOrder(customerId);

    publish(
        new OrderRejected(
            orderId, 2, Instant.now(), RejectionReason.INSUFFICIENT_STOCK, placementOf(orderId)));

    var email = awaitEmails(messageIdOf(orderId, NotificationKind.ORDER_REJECTED), 1).getFirst();
    assertThat(ReceivedEmails.recipientsOf(email)).containsExactly(recipientOf(customerId));
    assertThat(ReceivedEmails.subjectOf(email)).isEqualTo("Your order " + orderId + " is rejected");
    assertThat(ReceivedEmails.textOf(email))
        .contains(
            "  SKU-1: 2 x 9.99 = 19.98\n",
            "  SKU-2: 1 x 0.02 = 0.02\n",
            "Total: 20.00\n",
            "Status: REJECTED\nReason: insufficient-stock\n");
    assertThat(awaitAnnouncements(orderId, 1))
        .singleElement()
        .extracting(NotificationEvent::kind)
        .isEqualTo(NotificationKind.ORDER_REJECTED);
  }

  @Test
  void a_cancelled_order_gets_an_email_saying_why() throws Exception {
    var customerId = newCustomer();
    var orderId = placeOrder(customerId);

    publish(
        new OrderCancelled(
            orderId, 2, Instant.now(), CancellationReason.CUSTOMER_REQUEST, placementOf(orderId)));

    var email = awaitEmails(messageIdOf(orderId, NotificationKind.ORDER_CANCELLED), 1).getFirst();
    assertThat(ReceivedEmails.subjectOf(email))
        .isEqualTo("Your order " + orderId + " is cancelled");
    assertThat(ReceivedEmails.textOf(email))
        .contains("Status: CANCELLED\nReason: customer-request\n");
  }

  @Test
  void a_confirmed_then_cancelled_order_gets_two_emails() throws Exception {
    var orderId = placeOrder(newCustomer());

    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));
    publish(
        new OrderCancelled(
            orderId, 3, Instant.now(), CancellationReason.CUSTOMER_REQUEST, placementOf(orderId)));

    assertThat(awaitAnnouncements(orderId, 2))
        .extracting(NotificationEvent::kind)
        .containsExactly(NotificationKind.ORDER_CONFIRMED, NotificationKind.ORDER_CANCELLED);
    assertThat(emails(messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED))).hasSize(1);
    assertThat(emails(messageIdOf(orderId, NotificationKind.ORDER_CANCELLED))).hasSize(1);
    http.get()
        .uri("/api/notifications?orderId={id}", orderId)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[*].kind")
        .isEqualTo(List.of("ORDER_CONFIRMED", "ORDER_CANCELLED"))
        .jsonPath("$[*].status")
        .isEqualTo(List.of("SENT", "SENT"));
  }

  @Test
  void the_same_confirmation_delivered_twice_sends_one_email_and_one_announcement()
      throws Exception {
    var orderId = placeOrder(newCustomer());
    var confirmed = new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId));
    var duplicatesBefore = duplicates();

    publish(confirmed);
    publish(confirmed);
    // A later record of the same order shares the partition: once it is handled, so is the copy.
    publish(
        new OrderCancelled(
            orderId, 3, Instant.now(), CancellationReason.CUSTOMER_REQUEST, placementOf(orderId)));

    awaitEmails(messageIdOf(orderId, NotificationKind.ORDER_CANCELLED), 1);
    assertThat(emails(messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED))).hasSize(1);
    assertThat(awaitAnnouncements(orderId, 2))
        .filteredOn(event -> event instanceof NotificationSent)
        .extracting(NotificationEvent::kind)
        .containsExactly(NotificationKind.ORDER_CONFIRMED, NotificationKind.ORDER_CANCELLED);
    assertThat(duplicates()).isEqualTo(duplicatesBefore + 1);
  }

  @Test
  void an_outcome_without_its_placement_and_no_kept_copy_is_retried_then_dead_lettered_unsent()
      throws Exception {
    var unknown = UUID.randomUUID().toString();

    publish(new OrderConfirmed(unknown, 2, Instant.now()));

    var deadLetter = awaitRecords(Topics.ORDER_EVENTS.deadLetter(), unknown, 1).getFirst();
    assertThat(header(deadLetter, "kafka_dlt-exception-message"))
        .contains("No details of order " + unknown);
    assertThat(emails(messageIdOf(unknown, NotificationKind.ORDER_CONFIRMED))).isEmpty();
    http.get().uri("/api/notifications?orderId={id}", unknown).exchange().expectBody().json("[]");
  }

  private double duplicates() {
    return Optional.ofNullable(
            meters
                .find("notifications.emails")
                .tags("kind", "ORDER_CONFIRMED", "result", "duplicate")
                .counter())
        .map(counter -> counter.count())
        .orElse(0.0);
  }
}
