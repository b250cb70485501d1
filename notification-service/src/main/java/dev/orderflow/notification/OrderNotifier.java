package dev.orderflow.notification;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.notification.SendResult.Deferred;
import dev.orderflow.notification.SendResult.Refused;
import dev.orderflow.notification.SendResult.Sent;
import dev.orderflow.notification.SendResult.SmtpUnavailable;
import dev.orderflow.platform.kafka.DependencyUnavailableException;
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
 * <p>What a failed send leads to depends on whose problem it was ({@link SendResult}):
 *
 * <ul>
 *   <li>SMTP's (down, busy, circuit open): {@link RetryLaterException}, so the record is retried in
 *       place until SMTP is back, and the email's attempts are not touched: an outage is not the
 *       email's fault and must not make it FAILED.
 *   <li>This email's, for now: the attempt is counted and {@link EmailDeferredException} sends the
 *       record to the retry topics; the attempt that would be the last gives up instead.
 *   <li>This email's, for good: given up at once.
 * </ul>
 *
 * Giving up records FAILED and {@code NotificationFailed} in one write: an undeliverable email is
 * announced, not left in a dead-letter topic.
 */
@Component
class OrderNotifier {

  private static final Logger log = LoggerFactory.getLogger(OrderNotifier.class);

  private final PlacedOrders orders;
  private final NotificationStore notifications;
  private final EmailTemplate template;
  private final ResilientEmailSender smtp;
  private final Clock clock;
  private final MeterRegistry meters;
  private final int maxAttempts;

  OrderNotifier(
      PlacedOrders orders,
      NotificationStore notifications,
      EmailTemplate template,
      ResilientEmailSender smtp,
      Clock clock,
      MeterRegistry meters,
      NotificationProperties properties) {
    this.orders = orders;
    this.notifications = notifications;
    this.template = template;
    this.smtp = smtp;
    this.clock = clock;
    this.meters = meters;
    this.maxAttempts = properties.retryTopics().attempts();
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
    switch (smtp.send(template.render(order, outcome))) {
      case Sent sent -> recordSent(notification);
      case SmtpUnavailable unavailable ->
          throw new DependencyUnavailableException(
              notification.id() + " waits for SMTP: " + unavailable.reason());
      case Deferred deferred -> deferOrGiveUp(notification, deferred.reason());
      case Refused refused -> giveUp(notification, notification.attempts() + 1, refused.reason());
    }
  }

  private void recordSent(Notification notification) {
    if (notifications.markSent(notification, now())) {
      log.info("Emailed {}", notification.id());
      count(notification.kind(), "sent");

    } else {
      log.warn("{} was completed elsewhere while this consumer sent it too", notification.id());
    }
  }

  private void deferOrGiveUp(Notification notification, String reason) {
    var attempt = notification.attempts() + 1;
    if (attempt >= maxAttempts) {
      giveUp(notification, attempt, reason);
      return;
    }
    notifications.recordFailedAttempt(notification, reason);
    log.warn(
        "Attempt {} of {} to send {} failed, tried again from a retry topic: {}",
        attempt,
        maxAttempts,
        notification.id(),
        reason);
    count(notification.kind(), "deferred");
    throw new EmailDeferredException(notification.id(), attempt, maxAttempts, reason);
  }

  private void giveUp(Notification notification, int attempt, String reason) {
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
        .description(
            "Emails by kind and result: sent, deferred (to a retry topic), failed (given up) or"
                + " duplicate (skipped)")
        .baseUnit("emails")
        .tag("kind", kind.name())
        .tag("result", result)
        .register(meters)
        .increment();
  }
}
