package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.notification.domain.OrderEmail;
import dev.orderflow.platform.faults.Faults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SMTP faults as a sender in front of the real one. */
class SmtpFaultsTest {

  static final OrderEmail EMAIL =
      new OrderEmail(
          "<o-1.ORDER_CONFIRMED@orderflow>",
          "c-1@customers.orderflow.dev",
          "Your order o-1 is confirmed",
          "body",
          Instant.EPOCH);

  final Faults faults = new Faults(new SimpleMeterRegistry(), Clock.systemUTC());
  final List<OrderEmail> reachedTheServer = new ArrayList<>();
  final SmtpFaults smtp = new SmtpFaults(faults, reachedTheServer::add);

  @Test
  void while_no_fault_is_on_every_email_reaches_the_server() {
    smtp.send(EMAIL);

    assertThat(reachedTheServer).containsExactly(EMAIL);
  }

  @Test
  void an_outage_fails_every_send_as_a_refused_connection_without_touching_the_server() {
    faults.enable(SmtpFaults.OUTAGE, Map.of());

    assertThatThrownBy(() -> smtp.send(EMAIL))
        .isInstanceOf(SmtpUnavailableException.class)
        .extracting(failure -> ((SmtpUnavailableException) failure).reason())
        .isEqualTo("java.net.ConnectException: Connection refused (fault smtp-outage)");
    assertThat(reachedTheServer).isEmpty();
  }

  @Test
  void the_faults_stand_in_front_of_every_email_of_a_connection_too() {
    try (var connection = smtp.connect()) {
      connection.send(EMAIL);
      faults.enable(SmtpFaults.OUTAGE, Map.of());
      assertThatThrownBy(() -> connection.send(EMAIL)).isInstanceOf(SmtpUnavailableException.class);
    }

    assertThat(reachedTheServer).containsExactly(EMAIL);
  }

  @Test
  void switched_off_the_server_is_reached_again() {
    faults.enable(SmtpFaults.OUTAGE, Map.of());
    faults.disable(SmtpFaults.OUTAGE);

    smtp.send(EMAIL);

    assertThat(reachedTheServer).containsExactly(EMAIL);
  }
}
