package dev.orderflow.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A switch that makes the SMTP server turn one email away, which GreenMail cannot do itself: for
 * now (a 4xx reply, a given number of times) or for good (a 5xx reply). Keyed by {@code
 * Message-ID}, so a test's rejections never touch another test's emails in the one shared context.
 */
public final class SmtpRejections {

  /** How the server answers an email: its reply, and how many more times it gives it. */
  record Rejection(int replyCode, String reply, int times) {}

  static final int FOREVER = Integer.MAX_VALUE;

  private final Map<String, Rejection> byMessageId = new ConcurrentHashMap<>();

  /** A full mailbox, for the next {@code times} attempts to send the email. */
  public void rejectForNow(String messageId, int times) {
    byMessageId.put(messageId, new Rejection(450, "450 4.2.2 Mailbox full", times));
  }

  /** An unknown mailbox: every attempt to send the email is refused. */
  public void rejectForGood(String messageId) {
    byMessageId.put(messageId, new Rejection(550, "550 5.1.1 No such user", FOREVER));
  }

  public void clear() {
    byMessageId.clear();
  }

  /** The rejection this message meets now, if any; counts it as used. */
  Optional<Rejection> take(MimeMessage message) {
    String messageId;
    try {
      messageId = message.getMessageID();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
    if (messageId == null) {
      return Optional.empty();
    }
    return take(messageId);
  }

  /** The rejection the email with this {@code Message-ID} meets now, if any; counts it as used. */
  Optional<Rejection> take(String messageId) {
    var taken = new Rejection[1];
    byMessageId.computeIfPresent(
        messageId,
        (id, rejection) -> {
          taken[0] = rejection;
          var left = rejection.times() == FOREVER ? FOREVER : rejection.times() - 1;
          return left == 0 ? null : new Rejection(rejection.replyCode(), rejection.reply(), left);
        });
    return Optional.ofNullable(taken[0]);
  }
}
