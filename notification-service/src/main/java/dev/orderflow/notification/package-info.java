/**
 * notification-service emails the customer once per terminal state of an order (confirmed,
 * rejected, cancelled) and announces each outcome on {@code notifications.events}. Its decisions
 * are pure values and functions in {@code domain}; this package carries them out, a careful
 * sequence: remember each order's details from {@code OrderPlaced}; on a terminal event look up its
 * notification document (its {@code _id} is order and kind, so a duplicate record finds it already
 * there, SENT or FAILED), send the email, then store SENT and {@code NotificationSent} in one write
 * to that document (creating it, unless an earlier attempt was deferred), which is also its outbox.
 * The reasoning behind "at most one email", and its one remaining window, is in the module's
 * README.
 *
 * <p>SMTP is reached only through {@link dev.orderflow.notification.ResilientEmailSender} (circuit
 * breaker, retry, time limit, bulkhead, ADR 10) with the operator's faults ({@link
 * dev.orderflow.notification.SmtpFaults}) wrapped around the real sender, and the emails are
 * counted around the notifier ({@link dev.orderflow.notification.MeteredNotifier}): each concern
 * wraps the one it affects ({@link dev.orderflow.notification.EmailConfiguration}). An outage
 * pauses the consumers, an email turned away for now is deferred in its notification and sent again
 * by a sweep (ADR 11).
 */
@NullMarked
package dev.orderflow.notification;

import org.jspecify.annotations.NullMarked;
