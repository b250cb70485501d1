package dev.orderflow.notification.domain;

import dev.orderflow.notification.domain.SendResult.Deferred;
import dev.orderflow.notification.domain.SendResult.Refused;
import dev.orderflow.notification.domain.SendResult.Sent;
import dev.orderflow.notification.domain.SendResult.SmtpUnavailable;

/**
 * What follows a send of a pending email, decided from whose problem a failure was ({@link
 * SendResult}) and the attempts the email has had (ADR 11). Pure: the notifier carries it out.
 */
public sealed interface AfterSend {

  /** The server took the email: record it SENT and announce it. */
  record RecordSent() implements AfterSend {}

  /** SMTP's problem: the record waits in place; the email is not charged an attempt. */
  record WaitForSmtp(String reason) implements AfterSend {}

  /** This email's problem, for now, with attempts left: count this one and try again later. */
  record TryAgainLater(int attempt, int attempts, String reason) implements AfterSend {}

  /** This email's problem, for good or for the last time: record it FAILED and announce it. */
  record GiveUp(int attempt, String reason) implements AfterSend {}

  /**
   * @param attemptsSoFar the failed attempts counted on the email before this send
   * @param attempts attempts in all, the first one included
   */
  static AfterSend decide(SendResult result, int attemptsSoFar, int attempts) {
    var attempt = attemptsSoFar + 1;
    return switch (result) {
      case Sent sent -> new RecordSent();
      case SmtpUnavailable unavailable -> new WaitForSmtp(unavailable.reason());
      case Deferred deferred ->
          attempt >= attempts
              ? new GiveUp(attempt, deferred.reason())
              : new TryAgainLater(attempt, attempts, deferred.reason());
      case Refused refused -> new GiveUp(attempt, refused.reason());
    };
  }
}
