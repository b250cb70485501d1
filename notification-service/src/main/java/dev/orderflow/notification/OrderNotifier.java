package dev.orderflow.notification;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.platform.kafka.KafkaPlatformProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Emails the customer about an outcome of their order, at most once per order and kind: claim the
 * notification, skip it if it is already SENT or FAILED, send, then record the result.
 *
 * <p>An SMTP failure is thrown back to the listener container, whose error handler retries the
 * record in place with back-off. Every attempt is counted in the notification; the attempt that
 * would otherwise be the handler's last records FAILED and {@code NotificationFailed} instead of
 * throwing, so an undeliverable email is announced rather than left in a dead-letter topic.
 */
@Component
class OrderNotifier {

  private static final Logger log = LoggerFactory.getLogger(OrderNotifier.class);

  private final PlacedOrders orders;
  private final NotificationStore notifications;
  private final EmailSender sender;
  private final Clock clock;
  private final MeterRegistry meters;
  private final int maxAttempts;

  OrderNotifier(
      PlacedOrders orders,
      NotificationStore notifications,
      EmailSender sender,
      Clock clock,
      MeterRegistry meters,
      KafkaPlatformProperties kafka) {
    this.orders = orders;
    this.notifications = notifications;
    this.sender = sender;
    this.clock = clock;
    this.meters = meters;
    // The error handler delivers a failing record once plus `attempts` retries before it
    // dead-letters it; giving up on the last of those deliveries keeps the record out of the DLT.
    this.maxAttempts = kafka.retry().attempts() + 1;
  }

  void deliver(OrderOutcome outcome) {
    var order =
        orders
            .find(outcome.orderId())
            .orElseThrow(() -> new OrderDetailsMissingException(outcome.orderId()));
    var notification = notifications.claim(outcome, order.recipient(), now());
    if (notification.status() != NotificationStatus.PENDING) {
      log.debug("{} is already {}: a duplicate, skipped", notification.id(), notification.status());
      count(outcome.kind(), "duplicate");
      return;
    }
    var email = OrderEmail.render(order, outcome);
    try {
      sender.send(email);
    } catch (EmailNotSentException e) {
      failed(notification, e);
      return;
    }
    if (notifications.markSent(notification, now())) {
      count(outcome.kind(), "sent");
    } else {
      log.warn("{} was completed elsewhere while this consumer sent it too", notification.id());
    }
  }

  /** Gives up after the last attempt; before that, rethrows so that the record is retried. */
  private void failed(Notification notification, EmailNotSentException failure) {
    var reason = failure.reason();
    var attempt = notification.attempts() + 1;
    if (attempt < maxAttempts) {
      notifications.recordFailedAttempt(notification, reason);
      log.warn("Attempt {} of {} to send {} failed", attempt, maxAttempts, notification.id());
      throw failure;
    }
    log.error("Giving up on {} after {} attempts: {}", notification.id(), attempt, reason);
    if (notifications.markFailed(notification, reason, now())) {
      count(notification.kind(), "failed");
    }
  }

  /**
   * MongoDB keeps milliseconds: cut there, the time stored and the time announced are the same
   * instant.
   */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void count(NotificationKind kind, String result) {
    Counter.builder("notifications.emails")
        .description("Emails by kind and result: sent, failed (given up) or duplicate (skipped)")
        .baseUnit("emails")
        .tag("kind", kind.name())
        .tag("result", result)
        .register(meters)
        .increment();
  }
}
