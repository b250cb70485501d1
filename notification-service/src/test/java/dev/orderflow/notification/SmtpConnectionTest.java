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
import jakarta.mail.util.StreamProvider;
import java.time.Duration;
import java.time.Instant;
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
