package dev.orderflow.notification;

import static java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;

import dev.orderflow.notification.domain.OrderEmail;
import dev.orderflow.notification.domain.SendFailure;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Hands an email to the SMTP server, and nothing else: the one class that talks SMTP, so that
 * {@link ResilientEmailSender} wraps exactly this call (with {@link SmtpFaults} in between). It
 * also says whose fault a failure is, as {@link SendFailure} decides from what only SMTP knows: the
 * server's ({@link SmtpUnavailableException}) or this email's ({@link EmailRejectedException}).
 */
class SmtpEmailSender implements EmailSender {

  private static final String MESSAGE_ID = "Message-ID";
  private static final String DATE = "Date";
  private static final String TRANSFER_ENCODING = "Content-Transfer-Encoding";
  private static final String SEVEN_BIT = "7bit";
  private static final String QUOTED_PRINTABLE = "quoted-printable";
  private static final int MAX_7BIT_LINE = 998;
  private static final String UTF_8 = StandardCharsets.UTF_8.name();
  private static final boolean STRICT = true;

  /**
   * The system property by which Jakarta Mail finds its stream provider before anything else. Mail
   * 2.1 looks the provider up again for every message it writes (jakartaee/mail-api#861), and
   * without this name each lookup is a {@code ServiceLoader} walk of the class path: a fifth of
   * this service's CPU at 160 orders/s (docs/engineering/benchmarks.md). Named, a lookup is a
   * {@code Class.forName} the class loader answers from its cache.
   */
  static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

  static {
    nameStreamProvider();
  }

  private final JavaMailSender smtp;
  private final String from;
  private final AtomicLong connections = new AtomicLong();

  SmtpEmailSender(JavaMailSender smtp, NotificationProperties properties) {
    this.smtp = smtp;
    this.from = from(properties.sender());
  }

  /** The {@code From} header of every email, parsed and checked once. */
  private static String from(String sender) {
    try {
      return new InternetAddress(sender, STRICT).toString();
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          "orderflow.notification.sender is not an email address: " + sender, e);
    }
  }

  /**
   * Names the provider the class path declares (Angus Mail's), found once; a name already set, by
   * {@code -D} say, is kept.
   */
  private static void nameStreamProvider() {
    if (System.getProperty(STREAM_PROVIDER) == null) {
      ServiceLoader.load(StreamProvider.class, SmtpEmailSender.class.getClassLoader())
          .findFirst()
          .ifPresent(
              provider -> System.setProperty(STREAM_PROVIDER, provider.getClass().getName()));
    }
  }

  @Override
  public void send(OrderEmail email) {
    var message = compose(email);
    try {
      smtp.send(message);
    } catch (MailException e) {
      throw classify(email.messageId(), e);
    }
  }

  /**
   * One SMTP connection for many emails (a batch's), opened at the first and reused until closed:
   * one connect, greeting and login instead of one per email. Needs Boot's {@link
   * JavaMailSenderImpl} (its session and server settings); any other sender sends each email as
   * {@link #send} does.
   */
  @Override
  public Connection connect() {
    if (smtp instanceof JavaMailSenderImpl mail) {
      return new SmtpConnection(mail);
    }
    return EmailSender.super.connect();
  }

  /** SMTP connections opened by {@link #connect()} so far (a metric, and what tests count). */
  long connectionsOpened() {
    return connections.get();
  }

  /**
   * Sends each email as {@code JavaMailSenderImpl} does (it keeps an explicit {@code Message-ID}),
   * over one transport. A failed email closes the transport, so the next one starts on a fresh
   * connection whatever state the failure left it in (a send cut off by the time limit, a reply the
   * session did not expect). Synchronized: a send cut off by the time limit may still be unwinding
   * on its thread when the next one starts.
   */
  private final class SmtpConnection implements Connection {

    private final JavaMailSenderImpl mail;
    private @Nullable Transport transport;

    SmtpConnection(JavaMailSenderImpl mail) {
      this.mail = mail;
    }

    @Override
    public synchronized void send(OrderEmail email) {
      var message = compose(email);
      try {
        var open = open();
        message.saveChanges(); // Keeps the Message-ID (OrderMessage).
        var recipients = message.getAllRecipients();
        open.sendMessage(message, recipients == null ? new Address[0] : recipients);
      } catch (AuthenticationFailedException e) {
        closeQuietly();
        throw classify(email.messageId(), new MailAuthenticationException(e));
      } catch (MessagingException e) {
        closeQuietly();
        throw classify(email.messageId(), new MailSendException("Failed to send", e));
      } catch (RuntimeException e) {
        closeQuietly();
        throw e;
      }
    }

    private Transport open() throws MessagingException {
      var open = transport;
      if (open != null) {
        return open;
      }
      var protocol = mail.getProtocol();
      open = mail.getSession().getTransport(protocol == null ? "smtp" : protocol);
      var username = mail.getUsername();
      var password = mail.getPassword();
      if ("".equals(username)) {
        username = null;
        password = "".equals(password) ? null : password;
      }
      open.connect(mail.getHost(), mail.getPort(), username, password);
      connections.incrementAndGet();
      transport = open;
      return open;
    }

    @Override
    public synchronized void close() {
      closeQuietly();
    }

    private void closeQuietly() {
      var open = transport;
      transport = null;
      if (open != null) {
        try {
          open.close();
        } catch (MessagingException | RuntimeException e) {
          // The emails sent on it were accepted already; nothing else depends on the goodbye.
        }
      }
    }
  }

  /**
   * The email as a MIME message, with every header set here so that sending computes none of them
   * (composing and saving a message took 8.8 % of this service's samples at 160 orders/s, 4.7 %
   * since, most of the difference what JavaMail and Spring's helper did per email: the body written
   * out once more to choose its transfer encoding, a fresh {@code Message-ID} built from the host's
   * address and then replaced, the date through a {@code SimpleDateFormat}, the sender parsed
   * again; docs/engineering/benchmarks.md).
   */
  private MimeMessage compose(OrderEmail email) {
    try {
      var message = new OrderMessage(session(), email.messageId());
      message.setHeader("From", from);
      message.setRecipient(
          Message.RecipientType.TO, new InternetAddress(email.recipient(), STRICT));
      message.setSubject(email.subject(), UTF_8);
      message.setText(email.body(), UTF_8);
      // Decided here from the text, which JavaMail would otherwise do by writing the body out.
      message.setHeader(TRANSFER_ENCODING, transferEncoding(email.body()));
      // The moment the order reached the state, not the moment of sending: a client sorting by date
      // shows a confirmation that had to be retried before the cancellation that followed it.
      message.setHeader(DATE, RFC_1123_DATE_TIME.format(email.date().atOffset(ZoneOffset.UTC)));
      message.setHeader(MESSAGE_ID, email.messageId());
      return message;
    } catch (MessagingException e) {
      // Our own data did not make a valid message: no SMTP server or retry can help.
      throw new IllegalStateException("Email " + email.messageId() + " cannot be composed", e);
    }
  }

  /** The session of Boot's sender; any other sender's (a test's) through a message it makes. */
  private Session session() {
    return smtp instanceof JavaMailSenderImpl mail
        ? mail.getSession()
        : smtp.createMimeMessage().getSession();
  }

  /**
   * {@code 7bit} for text that is ASCII in lines of at most 998 characters (every email of the
   * template, whose fields are identifiers and amounts), {@code quoted-printable} for any other:
   * what JavaMail would choose for such text, without writing it out to find out.
   */
  static String transferEncoding(String text) {
    int line = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || c == 0) {
        return QUOTED_PRINTABLE;
      }
      line = c == '\n' || c == '\r' ? 0 : line + 1;
      if (line > MAX_7BIT_LINE) {
        return QUOTED_PRINTABLE;
      }
    }
    return SEVEN_BIT;
  }

  /**
   * A message that keeps the {@code Message-ID} it was given when it is saved (JavaMail's way to
   * set one's own): the stable one that makes a copy of an email recognisable.
   */
  static final class OrderMessage extends MimeMessage {

    private final String messageId;

    OrderMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader(MESSAGE_ID, messageId);
    }
  }

  /**
   * The failure as the exception resilience4j and the notifier expect: the facts (the server's
   * reply code, whether the connection broke) dug out of JavaMail's exceptions, the verdict {@link
   * SendFailure}'s.
   */
  static EmailNotSentException classify(String messageId, MailException failure) {
    var causes = causesOf(failure);
    var connectionBroke =
        failure instanceof MailAuthenticationException
            || causes.stream()
                .anyMatch(
                    cause -> cause instanceof IOException || cause instanceof MailConnectException);
    var reason = reasonOf(causes);
    return switch (SendFailure.of(replyCode(causes), connectionBroke)) {
      case SMTP_UNAVAILABLE -> new SmtpUnavailableException(messageId, reason, failure);
      case REFUSED_FOR_NOW -> new EmailRejectedException(messageId, reason, false, failure);
      case REFUSED_FOR_GOOD -> new EmailRejectedException(messageId, reason, true, failure);
    };
  }

  /** The first reply code among the causes: Angus' exceptions are the only ones that carry one. */
  private static OptionalInt replyCode(List<Throwable> causes) {
    return causes.stream()
        .map(SmtpEmailSender::replyCode)
        .flatMapToInt(OptionalInt::stream)
        .findFirst();
  }

  private static OptionalInt replyCode(Throwable cause) {
    if (cause instanceof SMTPAddressFailedException rejected) {
      return OptionalInt.of(rejected.getReturnCode());
    }
    if (cause instanceof SMTPSenderFailedException rejected) {
      return OptionalInt.of(rejected.getReturnCode());
    }
    if (cause instanceof SMTPSendFailedException rejected) {
      return OptionalInt.of(rejected.getReturnCode());
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
