package dev.orderflow.notification;

/**
 * The SMTP server did not take an email. The subtype says whose problem it is, which decides what
 * happens next: {@link SmtpUnavailableException} is the server's (every email waits for it), {@link
 * EmailRejectedException} is this email's (it is tried again later, or given up).
 */
abstract sealed class EmailNotSentException extends RuntimeException
    permits SmtpUnavailableException, EmailRejectedException {

  private final String reason;

  EmailNotSentException(String messageId, String reason, Throwable cause) {
    super("Email " + messageId + " not sent: " + reason, cause);
    this.reason = reason;
  }

  /** What actually went wrong, e.g. the connection refused or the server's reply. */
  String reason() {
    return reason;
  }
}
