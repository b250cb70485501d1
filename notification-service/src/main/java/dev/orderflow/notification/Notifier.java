package dev.orderflow.notification;

import dev.orderflow.notification.domain.Delivery;
import dev.orderflow.notification.domain.OrderOutcome;

/**
 * Emails the customer about an outcome of their order: {@link OrderNotifier} does, {@link
 * MeteredNotifier} counts what became of each email around it.
 */
interface Notifier {

  Delivery deliver(OrderOutcome outcome);
}
