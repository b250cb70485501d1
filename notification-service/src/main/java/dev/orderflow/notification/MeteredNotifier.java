package dev.orderflow.notification;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.notification.domain.Delivery;
import dev.orderflow.notification.domain.OrderOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Counts what became of each email in {@code notifications_emails_total{kind,result}}, around the
 * {@link Notifier} that sends it: {@code sent}, {@code deferred} (tried again later by the sweep),
 * {@code failed} (given up) or {@code duplicate} (skipped). An email waiting for SMTP, completed by
 * another consumer, or left to the sweep, is not counted: it is counted once it is done, by whoever
 * does it. A batch that fails part-way still counts the emails it dealt with before the failure
 * ({@link DeliveriesInterruptedException}); a sweep's attempt that failed with an exception is
 * counted {@code deferred} or {@code failed} like one the server turned away. Every kind and result
 * is registered at 0 from the start, so a quiet service shows 0 emails, not "No data".
 */
class MeteredNotifier implements Notifier {

  /** Every {@code result} tag this counts. */
  static final List<String> RESULTS = List.of("sent", "deferred", "failed", "duplicate");

  private final Notifier notifier;
  private final MeterRegistry meters;

  MeteredNotifier(Notifier notifier, MeterRegistry meters) {
    this.notifier = notifier;
    this.meters = meters;
    for (var kind : NotificationKind.values()) {
      RESULTS.forEach(result -> counter(kind, result));
    }
  }

  @Override
  public Delivery deliver(OrderOutcome outcome) {
    var delivery = notifier.deliver(outcome);
    result(delivery).ifPresent(result -> count(outcome, result));
    return delivery;
  }

  @Override
  public List<Delivery> deliverAll(List<OrderOutcome> outcomes, Scope scope) {
    List<Delivery> deliveries;
    try {
      deliveries = notifier.deliverAll(outcomes, scope);
    } catch (DeliveriesInterruptedException interrupted) {
      // Emails were sent (and recorded) before the failure: counted now, or never as sent.
      interrupted.done().forEach((i, delivery) -> countAs(outcomes.get(i), delivery));
      throw interrupted;
    }
    for (int i = 0; i < deliveries.size(); i++) {
      var outcome = outcomes.get(i);
      result(deliveries.get(i)).ifPresent(result -> count(outcome, result));
    }
    return deliveries;
  }

  @Override
  public Delivery retry(DeferredEmail email) {
    var delivery = notifier.retry(email);
    result(delivery).ifPresent(result -> count(email.outcome(), result));
    return delivery;
  }

  @Override
  public Delivery retryFailed(DeferredEmail email, RuntimeException failure) {
    var delivery = notifier.retryFailed(email, failure);
    countAs(email.outcome(), delivery);
    return delivery;
  }

  private void countAs(OrderOutcome outcome, Delivery delivery) {
    result(delivery).ifPresent(result -> count(outcome, result));
  }

  private static Optional<String> result(Delivery delivery) {
    return switch (delivery) {
      case Delivery.Sent sent -> Optional.of("sent");
      case Delivery.Deferred deferred -> Optional.of("deferred");
      case Delivery.GivenUp givenUp -> Optional.of("failed");
      case Delivery.Duplicate duplicate -> Optional.of("duplicate");
      case Delivery.WaitingForSmtp waiting -> Optional.empty();
      case Delivery.CompletedElsewhere elsewhere -> Optional.empty();
      case Delivery.LeftToSweep left -> Optional.empty();
    };
  }

  private void count(OrderOutcome outcome, String result) {
    counter(outcome.kind(), result).increment();
  }

  private Counter counter(NotificationKind kind, String result) {
    return Counter.builder("notifications.emails")
        .description(
            "Emails by kind and result: sent, deferred (tried again later), failed (given up) or"
                + " duplicate (skipped)")
        .baseUnit("emails")
        .tag("kind", kind.name())
        .tag("result", result)
        .register(meters);
  }
}
