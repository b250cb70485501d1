package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.Topics;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The platform's {@code duplicate-delivery} fault makes this service's relay publish each of its
 * announcements twice; the consuming side's duplicates are in {@link OrderEmailsIT}.
 */
class DuplicateDeliveryIT extends NotificationServiceIntegrationTest {

  @Test
  void announcements_published_twice_are_two_copies_of_one_announcement_of_one_email()
      throws Exception {
    switchOn("duplicate-delivery", Map.of());
    var orderId = placeOrder(newCustomer());

    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));

    var announcements = awaitRecords(Topics.NOTIFICATION_EVENTS.name(), orderId, 2);
    assertThat(announcements)
        .extracting(record -> header(record, CloudEventHeaders.ID))
        .as("copies a consumer drops by their id")
        .containsOnly("notification/" + orderId + "/ORDER_CONFIRMED/sent");
    assertThat(emails(messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED))).hasSize(1);
  }
}
