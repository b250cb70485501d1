package dev.orderflow.notification;

/**
 * The SMTP server could not be reached or stopped answering (connection refused, broken, timed out,
 * authentication refused, reply 421): nothing is wrong with the email. The circuit breaker counts
 * it, and the email waits for the server instead of using up its own attempts.
 */
final class SmtpUnavailableException extends EmailNotSentException {

  SmtpUnavailableException(String messageId, String reason, Throwable cause) {
    super(messageId, reason, cause);
  }
}
