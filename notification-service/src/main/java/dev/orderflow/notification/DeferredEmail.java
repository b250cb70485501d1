package dev.orderflow.notification;

import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.OrderOutcome;
import org.jspecify.annotations.Nullable;

/**
 * A deferred email that is due, as the sweep finds it: the notification and the outcome it tells
 * of, read back from the notification itself, since its record is long done with.
 *
 * @param traceparent the trace of the record whose attempt deferred the email, if it had one: the
 *     sweep's attempt joins it
 */
record DeferredEmail(
    Notification notification, OrderOutcome outcome, @Nullable String traceparent) {}
