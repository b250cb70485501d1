package dev.orderflow.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Whose problem a failed send is, from the server's reply code and the connection. */
class SendFailureTest {

  @Test
  void a_4xx_reply_turns_the_email_away_for_now() {
    assertThat(SendFailure.of(OptionalInt.of(450), false)).isEqualTo(SendFailure.REFUSED_FOR_NOW);
  }

  @Test
  void a_5xx_reply_turns_the_email_away_for_good() {
    assertThat(SendFailure.of(OptionalInt.of(550), false)).isEqualTo(SendFailure.REFUSED_FOR_GOOD);
  }

  @Test
  void a_421_reply_is_the_server_going_away() {
    assertThat(SendFailure.of(OptionalInt.of(421), false)).isEqualTo(SendFailure.SMTP_UNAVAILABLE);
  }

  @Test
  void a_reply_code_decides_even_when_the_connection_broke_afterwards() {
    assertThat(SendFailure.of(OptionalInt.of(550), true)).isEqualTo(SendFailure.REFUSED_FOR_GOOD);
  }

  @Test
  void without_a_reply_a_broken_connection_is_the_servers_problem() {
    assertThat(SendFailure.of(OptionalInt.empty(), true)).isEqualTo(SendFailure.SMTP_UNAVAILABLE);
  }

  @Test
  void a_failure_that_says_nothing_is_the_emails_for_now() {
    assertThat(SendFailure.of(OptionalInt.empty(), false)).isEqualTo(SendFailure.REFUSED_FOR_NOW);
  }
}
