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
import dev.orderflow.notification.domain.SendResult;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
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

  /**
   * The batch path: one {@code find $in} for the orders' details, one {@code insertMany} (and a
   * {@code find $in} for those that existed) to claim, the emails over one SMTP connection, one
   * {@code bulkWrite} to record the sent ones SENT with their announcements; a deferral or a
   * give-up is rare and written one at a time. Missing details fail the batch before anything is
   * written or sent, so the consumer's per-record fallback finds the record that lacks them. A copy
   * of an outcome later in the same batch is handled as a redelivered record would be after it.
   *
   * @throws OutcomeFailedException naming the outcome whose email failed with a bug, once every
   *     outcome before it is done and stored
   */
  @Override
  public List<Delivery> deliverAll(List<OrderOutcome> outcomes, Scope scope) {
    var details = orders.findAll(outcomes.stream().map(OrderOutcome::orderId).distinct().toList());
    for (var outcome : outcomes) {
      if (!details.containsKey(outcome.orderId())) {
        throw new OrderDetailsMissingException(outcome.orderId());
      }
    }
    var first = new LinkedHashMap<String, Integer>();
    for (int i = 0; i < outcomes.size(); i++) {
      first.putIfAbsent(outcomes.get(i).notificationId(), i);
    }
    var unique = List.copyOf(first.values());
    var claimed =
        notifications.claimAll(
            unique.stream().map(outcomes::get).toList(),
            unique.stream().map(i -> detailsOf(details, outcomes.get(i)).recipient()).toList(),
            now());
    var deliveries = new Delivery[outcomes.size()];
    var toSend = new ArrayList<Integer>();
    for (int k = 0; k < unique.size(); k++) {
      var notification = claimed.get(k);
      var i = unique.get(k);
      if (notification.status() != NotificationStatus.PENDING) {
        deliveries[i] = new Delivery.Duplicate(notification.id(), notification.status());
      } else if (notification.deferred()) {
        deliveries[i] = new Delivery.LeftToSweep(notification.id());
      } else {
        toSend.add(k);
      }
    }
    var emails =
        toSend.stream()
            .map(k -> outcomes.get(unique.get(k)))
            .map(outcome -> template.render(detailsOf(details, outcome), outcome))
            .toList();
    List<SendResult> results;
    RuntimeException bug = null;
    try {
      results = smtp.sendAll(emails);
    } catch (ResilientEmailSender.PartlySentException partly) {
      results = partly.results();
      bug = partly.bug();
    }
    var sentAt = now();
    var stoppedAt = outcomes.size();
    var completions = new ArrayList<NotificationStore.Completion>();
    var completed = new ArrayList<Integer>();
    var failedAttempts = new LinkedHashMap<Integer, Supplier<Delivery>>();
    for (int r = 0; r < results.size(); r++) {
      int i = unique.get(toSend.get(r));
      var notification = claimed.get(toSend.get(r));
      switch (AfterSend.decide(results.get(r), notification.attempts(), retries.attempts())) {
        case RecordSent sent -> {
          completions.add(scope.of(i, () -> notifications.sent(notification, sentAt)));
          completed.add(i);
        }
        case WaitForSmtp waiting -> {
          deliveries[i] = new Delivery.WaitingForSmtp(notification.id(), waiting.reason());
          stoppedAt = i;
        }
        case TryAgainLater later -> failedAttempts.put(i, () -> deferred(notification, later));
        case GiveUp giveUp -> failedAttempts.put(i, () -> giveUp(notification, giveUp));
      }
    }
    // What was sent is recorded first: a failure after it costs no second copy of those emails.
    var won = notifications.completeAll(completions);
    for (int c = 0; c < completions.size(); c++) {
      var id = completions.get(c).notification().id();
      var i = completed.get(c);
      deliveries[i] =
          scope.of(
              i,
              () -> {
                if (won.contains(id)) {
                  log.info("Emailed {}", id);
                  return new Delivery.Sent(id);
                }
                log.warn("{} was completed elsewhere while this consumer sent it too", id);
                return new Delivery.CompletedElsewhere(id);
              });
    }
    failedAttempts.forEach((i, write) -> deliveries[i] = scope.of(i, write));
    if (bug != null) {
      throw new OutcomeFailedException(unique.get(toSend.get(results.size())), bug);
    }
    var answer = new ArrayList<Delivery>(outcomes.size());
    for (int i = 0; i < outcomes.size() && i <= stoppedAt; i++) {
      int firstOfItsEmail = first.getOrDefault(outcomes.get(i).notificationId(), i);
      var delivery =
          deliveries[i] != null
              ? deliveries[i]
              : copyOf(Objects.requireNonNull(deliveries[firstOfItsEmail], "first delivery"));
      answer.add(delivery);
    }
    return answer;
  }

  /** What a copy of an outcome finds once the first of the batch is done, as a redelivery would. */
  private static Delivery copyOf(Delivery first) {
    return switch (first) {
      case Delivery.Sent sent ->
          new Delivery.Duplicate(sent.notificationId(), NotificationStatus.SENT);
      case Delivery.GivenUp givenUp ->
          new Delivery.Duplicate(givenUp.notificationId(), NotificationStatus.FAILED);
      case Delivery.Deferred deferred -> new Delivery.LeftToSweep(deferred.notificationId());
      case Delivery.Duplicate duplicate -> duplicate;
      case Delivery.LeftToSweep left -> left;
      case Delivery.CompletedElsewhere elsewhere -> elsewhere;
      case Delivery.WaitingForSmtp waiting -> waiting;
    };
  }

  private static OrderDetails detailsOf(Map<String, OrderDetails> details, OrderOutcome outcome) {
    return Objects.requireNonNull(details.get(outcome.orderId()), outcome.orderId());
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
