package dev.orderflow.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.notification.domain.AfterSend.GiveUp;
import dev.orderflow.notification.domain.AfterSend.RecordSent;
import dev.orderflow.notification.domain.AfterSend.TryAgainLater;
import dev.orderflow.notification.domain.AfterSend.WaitForSmtp;
import dev.orderflow.notification.domain.SendResult.Deferred;
import dev.orderflow.notification.domain.SendResult.Refused;
import dev.orderflow.notification.domain.SendResult.Sent;
import dev.orderflow.notification.domain.SendResult.SmtpUnavailable;
import org.junit.jupiter.api.Test;

/** What follows a send: the rules of ADR 11, given the attempts an email has had. */
class AfterSendTest {

  private static final int ATTEMPTS = 4;

  @Test
  void an_email_the_server_took_is_recorded_sent() {
    assertThat(AfterSend.decide(new Sent(), 2, ATTEMPTS)).isEqualTo(new RecordSent());
  }

  @Test
  void an_smtp_outage_waits_and_charges_the_email_nothing_even_on_its_last_attempt() {
    assertThat(AfterSend.decide(new SmtpUnavailable("connection refused"), 3, ATTEMPTS))
        .isEqualTo(new WaitForSmtp("connection refused"));
  }

  @Test
  void an_email_turned_away_for_now_is_tried_again_later_with_its_attempt_counted() {
    assertThat(AfterSend.decide(new Deferred("450 mailbox full"), 0, ATTEMPTS))
        .isEqualTo(new TryAgainLater(1, ATTEMPTS, "450 mailbox full"));
    assertThat(AfterSend.decide(new Deferred("450 mailbox full"), 2, ATTEMPTS))
        .isEqualTo(new TryAgainLater(3, ATTEMPTS, "450 mailbox full"));
  }

  @Test
  void an_email_turned_away_on_its_last_attempt_is_given_up() {
    assertThat(AfterSend.decide(new Deferred("450 mailbox full"), 3, ATTEMPTS))
        .isEqualTo(new GiveUp(4, "450 mailbox full"));
  }

  @Test
  void an_email_refused_for_good_is_given_up_at_once() {
    assertThat(AfterSend.decide(new Refused("550 no such user"), 0, ATTEMPTS))
        .isEqualTo(new GiveUp(1, "550 no such user"));
  }

  @Test
  void with_a_single_attempt_an_email_turned_away_is_given_up_at_once() {
    assertThat(AfterSend.decide(new Deferred("451 greylisted"), 0, 1))
        .isEqualTo(new GiveUp(1, "451 greylisted"));
  }
}
