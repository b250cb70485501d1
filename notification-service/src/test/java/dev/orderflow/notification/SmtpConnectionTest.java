package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.devstack.smtp.EmbeddedSmtp;
import dev.orderflow.notification.domain.OrderEmail;
import dev.orderflow.notification.domain.SendResult;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The emails of a batch over one real SMTP connection (GreenMail), each through the whole
 * resilience chain, each arriving with its stable {@code Message-ID}.
 */
class SmtpConnectionTest {

  static final EmbeddedSmtp SERVER = EmbeddedSmtp.start(0);

  @AfterAll
  static void close() {
    SERVER.close();
  }

  @Test
  void a_batch_of_emails_goes_over_one_connection_and_single_sends_over_one_each() {
    var mail = new JavaMailSenderImpl();
    mail.setHost("localhost");
    mail.setPort(SERVER.port());
    var smtp = new SmtpEmailSender(mail, properties());
    try (var resilient =
        new ResilientEmailSender(
            smtp,
            RetryRegistry.ofDefaults(),
            CircuitBreakerRegistry.ofDefaults(),
            BulkheadRegistry.ofDefaults(),
            TimeLimiterRegistry.ofDefaults())) {
      var emails = IntStream.range(0, 5).mapToObj(SmtpConnectionTest::email).toList();

      var results = resilient.sendAll(emails);

      assertThat(results).hasSize(5).allMatch(result -> result instanceof SendResult.Sent);
      assertThat(smtp.connectionsOpened()).isEqualTo(1);
      assertThat(resilient.send(email(5))).isInstanceOf(SendResult.Sent.class);
      assertThat(resilient.send(email(6))).isInstanceOf(SendResult.Sent.class);
      assertThat(smtp.connectionsOpened()).isEqualTo(3);
      var received =
          SERVER.receivedMessages().stream()
              .map(message -> {
                try {
                  return message.getMessageID();
                } catch (jakarta.mail.MessagingException e) {
                  throw new IllegalStateException(e);
                }
              })
              .toList();
      assertThat(received)
          .containsAll(IntStream.range(0, 7).mapToObj(i -> email(i).messageId()).toList());
    }
  }

  @Test
  void a_server_that_is_not_there_fails_the_first_email_as_unavailable_and_the_batch_stops() {
    var mail = new JavaMailSenderImpl();
    mail.setHost("localhost");
    mail.setPort(1);
    var smtp = new SmtpEmailSender(mail, properties());
    try (var connection = smtp.connect()) {
      assertThatThrownBy(() -> connection.send(email(0)))
          .isInstanceOf(SmtpUnavailableException.class);
    }
    assertThat(smtp.connectionsOpened()).isZero();
  }

  /**
   * What the server receives is the email as written, whatever transfer encoding the sender chose
   * for it from its text; both paths (a batch's connection and a single send) keep the stable
   * {@code Message-ID} and the date of the outcome.
   */
  @Test
  void every_header_is_set_when_composed_and_the_text_arrives_as_written() throws Exception {
    var mail = new JavaMailSenderImpl();
    mail.setHost("localhost");
    mail.setPort(SERVER.port());
    var smtp = new SmtpEmailSender(mail, properties());
    var ascii = email(100, "Order conn-100: 2 x sku-1 at 9.99, total 19.98.\nThank you.");
    var accented = email(101, "Commande confirmée: 3 × café à 2.50 €.");
    var longLine = email(102, "x".repeat(1200));
    // In the second of the first, and after another: the date is the second's, not the last one's.
    var sameSecond =
        new OrderEmail(
            "<conn-103.ORDER_CONFIRMED@orderflow>",
            "c-103@customers.orderflow.dev",
            "Your order conn-103 is confirmed",
            "Thank you.",
            ascii.date().plusMillis(500));
    try (var connection = smtp.connect()) {
      connection.send(ascii);
      connection.send(accented);
      connection.send(sameSecond);
    }
    smtp.send(longLine);
    assertThat(receivedWithId(sameSecond.messageId()).getSentDate().toInstant())
        .isEqualTo(ascii.date());

    for (var sent : List.of(ascii, accented, longLine)) {
      var received = receivedWithId(sent.messageId());
      assertThat(((String) received.getContent()).replace("\r\n", "\n")).isEqualTo(sent.body());
      assertThat(received.getSubject()).isEqualTo(sent.subject());
      assertThat(received.getSentDate().toInstant()).isEqualTo(sent.date());
      assertThat(received.getFrom())
          .extracting(Object::toString)
          .containsExactly("orders@orderflow.dev");
      assertThat(received.getAllRecipients())
          .extracting(Object::toString)
          .containsExactly(sent.recipient());
    }
    assertThat(receivedWithId(ascii.messageId()).getEncoding()).isEqualTo("7bit");
    assertThat(receivedWithId(accented.messageId()).getEncoding()).isEqualTo("quoted-printable");
    assertThat(receivedWithId(longLine.messageId()).getEncoding()).isEqualTo("quoted-printable");
  }

  @Test
  void a_sender_that_is_no_email_address_is_refused_at_start() {
    var properties = new NotificationProperties("orders at orderflow", properties().retries());

    assertThatThrownBy(() -> new SmtpEmailSender(new JavaMailSenderImpl(), properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orderflow.notification.sender");
  }

  private static MimeMessage receivedWithId(String messageId) throws MessagingException {
    for (var message : SERVER.receivedMessages()) {
      if (messageId.equals(message.getMessageID())) {
        return message;
      }
    }
    throw new AssertionError("no email with Message-ID " + messageId);
  }

  private static OrderEmail email(int i, String body) {
    return new OrderEmail(
        "<conn-%d.ORDER_CONFIRMED@orderflow>".formatted(i),
        "c-%d@customers.orderflow.dev".formatted(i),
        "Your order conn-%d is confirmed".formatted(i),
        body,
        Instant.parse("2026-03-01T10:15:30Z").plusSeconds(i));
  }

  private static OrderEmail email(int i) {
    return new OrderEmail(
        "<conn-%d.ORDER_CONFIRMED@orderflow>".formatted(i),
        "c-%d@customers.orderflow.dev".formatted(i),
        "Your order conn-%d is confirmed".formatted(i),
        "Thank you.",
        Instant.parse("2026-03-01T10:15:30Z"));
  }

  @Test
  void jakarta_mail_finds_its_stream_provider_by_name_not_by_a_class_path_scan_per_message() {
    new SmtpEmailSender(new JavaMailSenderImpl(), properties());

    var declared =
        ServiceLoader.load(StreamProvider.class).stream()
            .map(ServiceLoader.Provider::type)
            .toList();
    assertThat(declared).isNotEmpty();
    assertThat(System.getProperty(SmtpEmailSender.STREAM_PROVIDER))
        .isEqualTo(declared.getFirst().getName());
    assertThat(StreamProvider.provider()).isInstanceOf(declared.getFirst());
  }

  private static NotificationProperties properties() {
    return new NotificationProperties(
        "orders@orderflow.dev",
        new NotificationProperties.Retries(
            4, Duration.ofSeconds(30), 4.0, Duration.ofMinutes(10), Duration.ofSeconds(5), 100));
  }
}
