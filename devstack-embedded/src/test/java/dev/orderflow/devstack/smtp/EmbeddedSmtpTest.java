package dev.orderflow.devstack.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.util.StreamProvider;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class EmbeddedSmtpTest {

  @Test
  void it_keeps_what_it_receives_until_it_is_told_to_forget() {
    try (var smtp = EmbeddedSmtp.start(0)) {
      send(smtp, "first");
      assertThat(smtp.receivedMessages()).hasSize(1);

      smtp.forgetEvery(Duration.ofMillis(200));

      await().atMost(Duration.ofSeconds(5)).until(() -> smtp.receivedMessages().isEmpty());
      send(smtp, "second");
      await().atMost(Duration.ofSeconds(5)).until(() -> smtp.receivedMessages().isEmpty());
    }
  }

  @Test
  void jakarta_mail_finds_its_stream_provider_by_name_not_by_a_class_path_scan_per_message() {
    try (var smtp = EmbeddedSmtp.start(0)) {
      send(smtp, "named");

      var declared =
          ServiceLoader.load(StreamProvider.class).stream()
              .map(ServiceLoader.Provider::type)
              .toList();
      assertThat(declared).isNotEmpty();
      assertThat(System.getProperty(EmbeddedSmtp.STREAM_PROVIDER))
          .isEqualTo(declared.getFirst().getName());
      assertThat(StreamProvider.provider()).isInstanceOf(declared.getFirst());
      assertThat(smtp.receivedMessages()).hasSize(1);
    }
  }

  private static void send(EmbeddedSmtp smtp, String subject) {
    GreenMailUtil.sendTextEmail(
        "customer@example.org",
        "orders@orderflow.dev",
        subject,
        "body",
        new ServerSetup(smtp.port(), "localhost", ServerSetup.PROTOCOL_SMTP));
  }
}
