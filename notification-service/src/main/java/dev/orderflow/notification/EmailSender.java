package dev.orderflow.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Hands an email to the SMTP server, and nothing else: the one class that talks SMTP, so that
 * {@link ResilientEmailSender} wraps exactly this call. It also says whose fault a failure is
 * (which only SMTP knows): the server's ({@link SmtpUnavailableException}) or this email's ({@link
 * EmailRejectedException}). The SMTP faults strike here, in place of the server.
 */
@Component
class EmailSender {

  private static final String MESSAGE_ID = "Message-ID";

  /** "Service not available, closing transmission channel": the server, not the email. */
  private static final int SERVICE_NOT_AVAILABLE = 421;

  private final JavaMailSender smtp;
  private final String sender;
  private final SmtpFaults faults;

  EmailSender(JavaMailSender smtp, NotificationProperties properties, SmtpFaults faults) {
    this.smtp = smtp;
    this.sender = properties.sender();
    this.faults = faults;
  }

  /** Returns once the SMTP server accepted the email. */
  void send(OrderEmail email) throws EmailNotSentException {
    holdUpWhileSlow(email);
    var message = compose(email);
    try {
      if (faults.outage()) {
        throw refusedConnection();
      }
      smtp.send(message);
    } catch (MailException e) {
      throw classify(email.messageId(), e);
    }
  }

  private MimeMessage compose(OrderEmail email) {
    try {
      var message = smtp.createMimeMessage();
      var helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
      helper.setFrom(sender);
      helper.setTo(email.recipient());
      helper.setSubject(email.subject());
      helper.setText(email.body());
      // The moment the order reached the state, not the moment of sending: a client sorting by date
      // shows a confirmation that had to be retried before the cancellation that followed it.
      helper.setSentDate(Date.from(email.date()));
      // JavaMailSenderImpl keeps a Message-ID that was set explicitly instead of generating one.
      message.setHeader(MESSAGE_ID, email.messageId());
      return message;
    } catch (MessagingException e) {
      // Our own data did not make a valid message: no SMTP server or retry can help.
      throw new IllegalStateException("Email " + email.messageId() + " cannot be composed", e);
    }
  }

  /** The smtp-latency fault: a slow server, before anything reaches the real one. */
  private void holdUpWhileSlow(OrderEmail email) {
    var latency = faults.latency();
    if (latency.isZero()) {
      return;
    }
    try {
      Thread.sleep(latency);
    } catch (InterruptedException e) {
      // The time limit gave up on this send: it must not reach the server after all.
      Thread.currentThread().interrupt();
      throw new SmtpUnavailableException(
          email.messageId(), "interrupted while the SMTP server was slow", e);
    }
  }

  /** What JavaMailSenderImpl throws when nothing listens on the SMTP port. */
  private static MailSendException refusedConnection() {
    return new MailSendException(
        "Mail server connection failed",
        new MessagingException(
            "Couldn't connect to host",
            new ConnectException("Connection refused (fault " + SmtpFaults.OUTAGE + ")")));
  }

  /**
   * A reply code decides when there is one (4xx: later, 5xx: never, 421: the server is going away);
   * a failure without one is the connection's (refused, reset, timed out, not authenticated).
   * Anything else is taken as this email's, for now: it is retried a bounded number of times and
   * then announced as failed, rather than held in place for ever.
   */
  static EmailNotSentException classify(String messageId, MailException failure) {
    var causes = causesOf(failure);
    var replyCode = replyCode(causes);
    if (replyCode.isPresent() && replyCode.getAsInt() != SERVICE_NOT_AVAILABLE) {
      var code = replyCode.getAsInt();
      return new EmailRejectedException(messageId, reasonOf(causes), code >= 500, failure);
    }
    if (replyCode.isPresent()
        || failure instanceof MailAuthenticationException
        || causes.stream()
            .anyMatch(
                cause -> cause instanceof IOException || cause instanceof MailConnectException)) {
      return new SmtpUnavailableException(messageId, reasonOf(causes), failure);
    }
    return new EmailRejectedException(messageId, reasonOf(causes), false, failure);
  }

  private static OptionalInt replyCode(List<Throwable> causes) {
    for (var cause : causes) {
      switch (cause) {
        case SMTPAddressFailedException rejected -> {
          return OptionalInt.of(rejected.getReturnCode());
        }
        case SMTPSenderFailedException rejected -> {
          return OptionalInt.of(rejected.getReturnCode());
        }
        case SMTPSendFailedException rejected -> {
          return OptionalInt.of(rejected.getReturnCode());
        }
        default -> {}
      }
    }
    return OptionalInt.empty();
  }

  /** The innermost cause, which says what actually went wrong (e.g. connection refused). */
  private static String reasonOf(List<Throwable> causes) {
    return String.valueOf(causes.getLast()).strip();
  }

  /**
   * Every exception behind a mail failure, outermost first: JavaMailSenderImpl keeps one per
   * message apart from the cause, and JavaMail chains the per-recipient replies as "next".
   */
  private static List<Throwable> causesOf(MailException failure) {
    var seen = Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
    var pending = new ArrayDeque<Throwable>(List.of(failure));
    var causes = new ArrayList<Throwable>();
    while (!pending.isEmpty()) {
      var cause = pending.removeFirst();
      if (!seen.add(cause)) {
        continue;
      }
      causes.add(cause);
      if (cause instanceof MailSendException send) {
        pending.addAll(List.of(send.getMessageExceptions()));
      }
      if (cause instanceof MessagingException messaging && messaging.getNextException() != null) {
        pending.add(messaging.getNextException());
      }
      if (cause.getCause() != null) {
        pending.add(cause.getCause());
      }
    }
    return causes;
  }
}
