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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails the customer about an outcome of their order, at most once per order and kind: look the
 * notification up, skip it if it is already SENT or FAILED, send, then carry out what {@link
 * AfterSend} decides from the result, in the one write that stores the notification:
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

  /** The sent emails of a batch are recorded every this many, or {@link #RECORD_AFTER}. */
  static final int RECORD_EVERY = 25;

  /** ... or after this long of sending, whichever comes first. */
  static final Duration RECORD_AFTER = Duration.ofSeconds(10);

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
    var order = detailsOf(outcome);
    var notification = notifications.lookUp(outcome, order.recipient());
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
    return send(email.notification(), detailsOf(outcome), outcome);
  }

  /**
   * The batch path: the orders' details from the outcomes (one {@code find $in} of the kept copies
   * only for outcomes whose events carried none), one {@code find $in} for the notifications
   * already stored, the emails over one SMTP connection, and one {@code bulkWrite} per {@value
   * #RECORD_EVERY} emails sent (or per {@link #RECORD_AFTER} of sending, whichever comes first) to
   * store the sent ones SENT with their announcements, each in its record's trace; a deferral or a
   * give-up is rare and written one at a time. So a slow SMTP server holds at most one chunk's
   * emails unrecorded: if the poll outlasts the consumer's poll interval and its partition moves,
   * the new owner sends again only those. Missing details fail the batch before anything is written
   * or sent, so the consumer's per-record fallback finds the record that lacks them. A copy of an
   * outcome later in the same batch is handled as a redelivered record would be after it.
   *
   * @throws OutcomeFailedException naming the outcome whose email failed with a bug, once every
   *     outcome before it is done and stored, with the deliveries of those
   * @throws DeliveriesInterruptedException a failure (MongoDB away, say) after some emails were
   *     recorded, with what was written
   */
  @Override
  public List<Delivery> deliverAll(List<OrderOutcome> outcomes, Scope scope) {
    var details = new HashMap<String, OrderDetails>();
    for (var outcome : outcomes) {
      if (outcome.details() != null) {
        details.putIfAbsent(outcome.orderId(), outcome.details());
      }
    }
    var uncarried =
        outcomes.stream()
            .map(OrderOutcome::orderId)
            .filter(orderId -> !details.containsKey(orderId))
            .distinct()
            .toList();
    orders.findAll(uncarried).forEach(details::putIfAbsent);
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
    var found =
        notifications.lookUpAll(
            unique.stream().map(outcomes::get).toList(),
            unique.stream().map(i -> detailsIn(details, outcomes.get(i)).recipient()).toList());
    var deliveries = new Delivery[outcomes.size()];
    var toSend = new ArrayList<Integer>();
    for (int k = 0; k < unique.size(); k++) {
      var notification = found.get(k);
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
            .map(outcome -> template.render(detailsIn(details, outcome), outcome))
            .toList();
    var stoppedAt = outcomes.size();
    try (var session = smtp.open()) {
      var chunk = new ArrayList<Integer>();
      var results = new ArrayList<SendResult>();
      var chunkStarted = clock.instant();
      for (int t = 0; t < toSend.size(); t++) {
        SendResult result;
        try {
          result = session.send(emails.get(t));
        } catch (RuntimeException bug) {
          record(chunk, results, outcomes, unique, found, deliveries, scope);
          var failed = unique.get(toSend.get(t));
          throw new OutcomeFailedException(
              failed, bug, answer(outcomes, first, deliveries, failed - 1));
        }
        chunk.add(toSend.get(t));
        results.add(result);
        if (result instanceof SendResult.SmtpUnavailable) {
          break;
        }
        if (chunk.size() >= RECORD_EVERY
            || !clock.instant().isBefore(chunkStarted.plus(RECORD_AFTER))) {
          record(chunk, results, outcomes, unique, found, deliveries, scope);
          chunk.clear();
          results.clear();
          chunkStarted = clock.instant();
        }
      }
      stoppedAt = record(chunk, results, outcomes, unique, found, deliveries, scope);
    } catch (OutcomeFailedException failed) {
      throw failed;
    } catch (RuntimeException failure) {
      var written = new TreeMap<Integer, Delivery>();
      for (int i = 0; i < deliveries.length; i++) {
        if (deliveries[i] instanceof Delivery.Sent
            || deliveries[i] instanceof Delivery.Deferred
            || deliveries[i] instanceof Delivery.GivenUp) {
          written.put(i, deliveries[i]);
        }
      }
      if (written.isEmpty()) {
        throw failure;
      }
      throw new DeliveriesInterruptedException(written, failure);
    }
    return List.copyOf(answer(outcomes, first, deliveries, stoppedAt).values());
  }

  /**
   * Records what became of a chunk of sent emails (notifications {@code chunk}, results at the same
   * index): the sent ones in one {@code bulkWrite} first, then each deferral or give-up. Answers
   * the index of the outcome whose email waits for SMTP, if one does (it is the last), else the
   * number of outcomes.
   */
  private int record(
      List<Integer> chunk,
      List<SendResult> results,
      List<OrderOutcome> outcomes,
      List<Integer> unique,
      List<Notification> found,
      Delivery[] deliveries,
      Scope scope) {
    var stoppedAt = deliveries.length;
    var sentAt = now();
    var completions = new ArrayList<NotificationStore.Completion>();
    var completed = new ArrayList<Integer>();
    var failedAttempts = new LinkedHashMap<Integer, Supplier<Delivery>>();
    for (int r = 0; r < results.size(); r++) {
      int i = unique.get(chunk.get(r));
      var notification = found.get(chunk.get(r));
      var outcome = outcomes.get(i);
      switch (AfterSend.decide(results.get(r), notification.attempts(), retries.attempts())) {
        case RecordSent sent -> {
          completions.add(scope.of(i, () -> notifications.sent(notification, outcome, sentAt)));
          completed.add(i);
        }
        case WaitForSmtp waiting -> {
          deliveries[i] = new Delivery.WaitingForSmtp(notification.id(), waiting.reason());
          stoppedAt = i;
        }
        case TryAgainLater later ->
            failedAttempts.put(i, () -> deferred(notification, outcome, later));
        case GiveUp giveUp -> failedAttempts.put(i, () -> giveUp(notification, outcome, giveUp));
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
    return stoppedAt;
  }

  /**
   * The delivery of each outcome up to and including {@code last}, by index: a copy of an email
   * gets what a redelivery would find after its first.
   */
  private static SortedMap<Integer, Delivery> answer(
      List<OrderOutcome> outcomes, Map<String, Integer> first, Delivery[] deliveries, int last) {
    var answer = new TreeMap<Integer, Delivery>();
    for (int i = 0; i < outcomes.size() && i <= last; i++) {
      int firstOfItsEmail = first.getOrDefault(outcomes.get(i).notificationId(), i);
      var delivery =
          deliveries[i] != null
              ? deliveries[i]
              : copyOf(Objects.requireNonNull(deliveries[firstOfItsEmail], "first delivery"));
      answer.put(i, delivery);
    }
    return answer;
  }

  /**
   * The next attempt of a deferred email failed with {@code failure} (a bug, say, or its order's
   * details gone), not with a send result: charged as an attempt turned away for now, so it is
   * tried again later and given up after the last, never retried for ever.
   */
  @Override
  public Delivery retryFailed(DeferredEmail email, RuntimeException failure) {
    var reason = "failed: " + failure;
    var notification = email.notification();
    return switch (AfterSend.decide(
        new SendResult.Deferred(reason), notification.attempts(), retries.attempts())) {
      case TryAgainLater later -> deferred(notification, email.outcome(), later);
      case GiveUp giveUp -> giveUp(notification, email.outcome(), giveUp);
      case RecordSent sent -> throw new IllegalStateException("a failure is not a send");
      case WaitForSmtp waiting -> throw new IllegalStateException("a failure is not an outage");
    };
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

  private static OrderDetails detailsIn(Map<String, OrderDetails> details, OrderOutcome outcome) {
    return Objects.requireNonNull(details.get(outcome.orderId()), outcome.orderId());
  }

  /**
   * What the email says about the order: what its terminal event carried, else (an event written
   * before terminal events carried the placement) the copy an earlier version kept.
   */
  private OrderDetails detailsOf(OrderOutcome outcome) {
    var carried = outcome.details();
    if (carried != null) {
      return carried;
    }
    return orders
        .find(outcome.orderId())
        .orElseThrow(() -> new OrderDetailsMissingException(outcome.orderId()));
  }

  private Delivery send(Notification notification, OrderDetails order, OrderOutcome outcome) {
    var result = smtp.send(template.render(order, outcome));
    return switch (AfterSend.decide(result, notification.attempts(), retries.attempts())) {
      case RecordSent sent -> recordSent(notification, outcome);
      case WaitForSmtp waiting -> new Delivery.WaitingForSmtp(notification.id(), waiting.reason());
      case TryAgainLater later -> deferred(notification, outcome, later);
      case GiveUp giveUp -> giveUp(notification, outcome, giveUp);
    };
  }

  private Delivery recordSent(Notification notification, OrderOutcome outcome) {
    if (notifications.markSent(notification, outcome, now())) {
      log.info("Emailed {}", notification.id());
      return new Delivery.Sent(notification.id());
    }
    log.warn("{} was completed elsewhere while this consumer sent it too", notification.id());
    return new Delivery.CompletedElsewhere(notification.id());
  }

  private Delivery deferred(Notification notification, OrderOutcome outcome, TryAgainLater later) {
    var now = now();
    var next = now.plus(retries.delayAfter(later.attempt()));
    if (!notifications.defer(notification, outcome, later.reason(), now, next)) {
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

  private Delivery giveUp(Notification notification, OrderOutcome outcome, GiveUp giveUp) {
    log.error(
        "Giving up on {} after {} attempts: {}",
        notification.id(),
        giveUp.attempt(),
        giveUp.reason());
    if (notifications.markFailed(notification, outcome, giveUp.reason(), now())) {
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
