package dev.orderflow.notification.domain;

import java.util.OptionalInt;

/**
 * Whose problem a failed send is, decided from what the SMTP exchange left behind. Only SMTP knows
 * the facts (the adapter digs them out of the mail library's exceptions); the rule is this:
 *
 * <ul>
 *   <li>A reply code decides when there is one: {@code 4xx} turns this email away for now, {@code
 *       5xx} for good, except {@code 421}, the server closing the channel, which is the server's.
 *   <li>Without a reply, a connection that broke (refused, reset, timed out, not authenticated) is
 *       the server's.
 *   <li>Anything else is taken as this email's, for now: tried again a bounded number of times and
 *       then announced as failed, rather than held in place for ever.
 * </ul>
 */
public enum SendFailure {
  /** The server is down or going away: every email waits for it, none is charged an attempt. */
  SMTP_UNAVAILABLE,
  /** The server turned this email away for now (mailbox full, greylisting): try again later. */
  REFUSED_FOR_NOW,
  /** The server turned this email away for good (no such user): give it up. */
  REFUSED_FOR_GOOD;

  /** "Service not available, closing transmission channel": the server, not the email. */
  static final int SERVICE_NOT_AVAILABLE = 421;

  /**
   * @param replyCode the server's reply to the failed command, if it gave one
   * @param connectionBroke whether the connection failed (refused, reset, timed out, or the
   *     credentials were refused)
   */
  public static SendFailure of(OptionalInt replyCode, boolean connectionBroke) {
    if (replyCode.isPresent()) {
      var code = replyCode.getAsInt();
      if (code == SERVICE_NOT_AVAILABLE) {
        return SMTP_UNAVAILABLE;
      }
      return code >= 500 ? REFUSED_FOR_GOOD : REFUSED_FOR_NOW;
    }
    return connectionBroke ? SMTP_UNAVAILABLE : REFUSED_FOR_NOW;
  }
}
