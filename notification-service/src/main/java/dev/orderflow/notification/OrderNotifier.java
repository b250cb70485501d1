package dev.orderflow.notification;

import dev.orderflow.notification.domain.AfterSend;
import dev.orderflow.notification.domain.AfterSend.GiveUp;
import dev.orderflow.notification.domain.AfterSend.RecordSent;
import dev.orderflow.notification.domain.AfterSend.TryAgainLater;
import dev.orderflow.notification.domain.AfterSend.WaitForSmtp;
import dev.orderflow.notification.domain.Delivery;
import dev.orderflow.notification.domain.EmailTemplate;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.NotificationStatus;
import dev.orderflow.notification.domain.OrderDetails;
import dev.orderflow.notification.domain.OrderOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails the customer about an outcome of their order, at most once per order and kind: claim the
 * notification, skip it if it is already SENT or FAILED, send, then carry out what {@link
 * AfterSend} decides from the result:
 *
 * <ul>
 *   <li>SMTP's problem (down, busy, circuit open): nothing is written, and the email's attempts are
 *       not touched: an outage is not the email's fault and must not make it FAILED. The record
 *       waits in place ({@link Delivery.WaitingForSmtp}).
 *   <li>This email's, for now: the attempt is counted and the next one left to the {@link
 *       DeferredEmailSweep}, at a time marked in the notification ({@link Delivery.Deferred}); the
 *       record is done with. The attempt that would be the last gives up instead. A copy of the
 *       record that finds the email deferred sends nothing ({@link Delivery.LeftToSweep}).
 *   <li>This email's, for good: given up at once.
 * </ul>
 *
 * Giving up records FAILED and {@code NotificationFailed} in one write: an undeliverable email is
 * announced, not left in a dead-letter topic. What the record does next is the consumer's to say
 * ({@link OrderEventsListener}), what is counted {@link MeteredNotifier}'s.
 */
class OrderNotifier implements Notifier {

  private static final Logger log = LoggerFactory.getLogger(OrderNotifier.class);

  private final PlacedOrders orders;
  private final NotificationStore notifications;
  private final EmailTemplate template;
  private final ResilientEmailSender smtp;
  private final Clock clock;
  private final NotificationProperties.Retries retries;

  OrderNotifier(
      PlacedOrders orders,
      NotificationStore notifications,
      EmailTemplate template,
      ResilientEmailSender smtp,
      Clock clock,
      NotificationProperties properties) {
    this.orders = orders;
    this.notifications = notifications;
    this.template = template;
    this.smtp = smtp;
    this.clock = clock;
    this.retries = properties.retries();
  }

  @Override
  public Delivery deliver(OrderOutcome outcome) {
    var order =
        orders
            .find(outcome.orderId())
            .orElseThrow(() -> new OrderDetailsMissingException(outcome.orderId()));
    var notification = notifications.claim(outcome, order.recipient(), now());
    if (notification.status() != NotificationStatus.PENDING) {
      log.debug("{} is already {}: a duplicate, skipped", notification.id(), notification.status());
      return new Delivery.Duplicate(notification.id(), notification.status());
    }
    if (notification.deferred()) {
      log.debug("{} is deferred: its next attempt is the sweep's", notification.id());
      return new Delivery.LeftToSweep(notification.id());
    }
    return send(notification, order, outcome);
  }

  /** The next attempt of a deferred email that is due: sent, deferred again or given up. */
  @Override
  public Delivery retry(DeferredEmail email) {
    var outcome = email.outcome();
    var order =
        orders
            .find(outcome.orderId())
            .orElseThrow(() -> new OrderDetailsMissingException(outcome.orderId()));
    return send(email.notification(), order, outcome);
  }

  private Delivery send(Notification notification, OrderDetails order, OrderOutcome outcome) {
    var result = smtp.send(template.render(order, outcome));
    return switch (AfterSend.decide(result, notification.attempts(), retries.attempts())) {
      case RecordSent sent -> recordSent(notification);
      case WaitForSmtp waiting -> new Delivery.WaitingForSmtp(notification.id(), waiting.reason());
      case TryAgainLater later -> deferred(notification, later);
      case GiveUp giveUp -> giveUp(notification, giveUp);
    };
  }

  private Delivery recordSent(Notification notification) {
    if (notifications.markSent(notification, now())) {
      log.info("Emailed {}", notification.id());
      return new Delivery.Sent(notification.id());
    }
    log.warn("{} was completed elsewhere while this consumer sent it too", notification.id());
    return new Delivery.CompletedElsewhere(notification.id());
  }

  private Delivery deferred(Notification notification, TryAgainLater later) {
    var next = now().plus(retries.delayAfter(later.attempt()));
    if (!notifications.defer(notification, later.reason(), next)) {
      return new Delivery.CompletedElsewhere(notification.id());
    }
    log.warn(
        "Attempt {} of {} to send {} failed, tried again at {}: {}",
        later.attempt(),
        later.attempts(),
        notification.id(),
        next,
        later.reason());
    return new Delivery.Deferred(
        notification.id(), later.attempt(), later.attempts(), later.reason());
  }

  private Delivery giveUp(Notification notification, GiveUp giveUp) {
    log.error(
        "Giving up on {} after {} attempts: {}",
        notification.id(),
        giveUp.attempt(),
        giveUp.reason());
    if (notifications.markFailed(notification, giveUp.reason(), now())) {
      return new Delivery.GivenUp(notification.id(), giveUp.attempt(), giveUp.reason());
    }
    return new Delivery.CompletedElsewhere(notification.id());
  }

  /**
   * MongoDB keeps milliseconds: cut there, the time stored and the time announced are the same
   * instant.
   */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
