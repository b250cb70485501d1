package dev.orderflow.notification.domain;

/**
 * What became of the email of one terminal event, once the notifier is done with it: what the
 * metrics count and what the consumer does with the record next.
 */
public sealed interface Delivery {

  String notificationId();

  /** Sent, and recorded SENT with its announcement. */
  record Sent(String notificationId) implements Delivery {}

  /** Already SENT or FAILED: a copy of an event handled before, skipped. */
  record Duplicate(String notificationId, NotificationStatus status) implements Delivery {}

  /** Sent, but another consumer recorded the email first (a rebalance): nothing recorded here. */
  record CompletedElsewhere(String notificationId) implements Delivery {}

  /** SMTP is away: the record must be retried in place until it is back. */
  record WaitingForSmtp(String notificationId, String reason) implements Delivery {}

  /**
   * Turned away for now: the attempt is counted and the next one is left to the deferred-email
   * sweep; the record is done with.
   */
  record Deferred(String notificationId, int attempt, int attempts, String reason)
      implements Delivery {}

  /**
   * Deferred earlier, so its next attempt is the sweep's: a copy of its record sends nothing (two
   * senders of one email would send it twice).
   */
  record LeftToSweep(String notificationId) implements Delivery {}

  /** Given up: recorded FAILED with its announcement. */
  record GivenUp(String notificationId, int attempt, String reason) implements Delivery {}
}
