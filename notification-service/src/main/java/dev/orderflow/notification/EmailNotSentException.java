package dev.orderflow.notification;

/**
 * The SMTP server did not take an email (unreachable, refused it, timed out, or the email could not
 * even be built). Worth another attempt: the listener container retries the record.
 */
class EmailNotSentException extends RuntimeException {

  private final String reason;

  EmailNotSentException(String messageId, String reason, Throwable cause) {
    super("Email " + messageId + " not sent: " + reason, cause);
    this.reason = reason;
  }

  /** The innermost cause, which says what actually went wrong (e.g. connection refused). */
  String reason() {
    return reason;
  }
}
