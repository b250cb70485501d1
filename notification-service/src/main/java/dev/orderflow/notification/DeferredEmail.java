package dev.orderflow.notification;

import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.OrderOutcome;

/**
 * A deferred email that is due, as the sweep finds it: the notification and the outcome it tells
 * of, read back from the notification itself, since its record is long done with.
 */
record DeferredEmail(Notification notification, OrderOutcome outcome) {}
