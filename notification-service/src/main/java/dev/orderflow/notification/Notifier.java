package dev.orderflow.notification;

import dev.orderflow.notification.domain.Delivery;
import dev.orderflow.notification.domain.OrderOutcome;

/**
 * Emails the customer about an outcome of their order: {@link OrderNotifier} does, {@link
 * MeteredNotifier} counts what became of each email around it.
 */
interface Notifier {

  /** The email of an outcome, as its record arrives. */
  Delivery deliver(OrderOutcome outcome);

  /** The next attempt of a deferred email, when the sweep finds it due. */
  Delivery retry(DeferredEmail email);
}
