package dev.orderflow.notification;

/**
 * The SMTP server answered, and turned this email away: for now (a 4xx reply such as a full mailbox
 * or greylisting, worth another attempt later) or for good (a 5xx reply such as an unknown
 * mailbox). Says nothing about the server's health, so the circuit breaker ignores it.
 */
final class EmailRejectedException extends EmailNotSentException {

  private final boolean permanent;

  EmailRejectedException(String messageId, String reason, boolean permanent, Throwable cause) {
    super(messageId, reason, cause);
    this.permanent = permanent;
  }

  /** True for a 5xx reply: the same email will never be taken. */
  boolean permanent() {
    return permanent;
  }
}
