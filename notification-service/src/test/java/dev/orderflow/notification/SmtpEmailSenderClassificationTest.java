package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

/** Whose fault a failed send is, decided from what JavaMailSenderImpl throws (SendFailure). */
class SmtpEmailSenderClassificationTest {

  private static final String MESSAGE_ID = "<o-1.ORDER_CONFIRMED@orderflow>";

  @Test
  void a_refused_connection_is_the_servers_problem() {
    var failure =
        new MailSendException(
            "Mail server connection failed",
            new MessagingException(
                "Couldn't connect to host", new ConnectException("Connection refused")));

    assertThat(SmtpEmailSender.classify(MESSAGE_ID, failure))
        .isInstanceOf(SmtpUnavailableException.class)
        .extracting(EmailNotSentException::reason)
        .isEqualTo("java.net.ConnectException: Connection refused");
  }

  @Test
  void a_server_that_stops_answering_mid_session_is_the_servers_problem() {
    var failure =
        new MailSendException(
            Map.of(
                "message",
                new MessagingException(
                    "Exception reading response", new SocketTimeoutException("Read timed out"))));

    assertThat(SmtpEmailSender.classify(MESSAGE_ID, failure))
        .isInstanceOf(SmtpUnavailableException.class);
  }

  @Test
  void refused_credentials_are_the_servers_problem_for_every_email() {
    var failure = new MailAuthenticationException("535 5.7.8 Authentication credentials invalid");

    assertThat(SmtpEmailSender.classify(MESSAGE_ID, failure))
        .isInstanceOf(SmtpUnavailableException.class);
  }

  @Test
  void a_4xx_reply_turns_this_email_away_for_now() throws Exception {
    var rejected =
        (EmailRejectedException)
            SmtpEmailSender.classify(MESSAGE_ID, replied(450, "450 4.2.2 Mailbox full"));

    assertThat(rejected.permanent()).isFalse();
    assertThat(rejected.reason()).contains("450 4.2.2 Mailbox full");
  }

  @Test
  void a_5xx_reply_turns_this_email_away_for_good() throws Exception {
    var rejected =
        (EmailRejectedException)
            SmtpEmailSender.classify(MESSAGE_ID, replied(550, "550 5.1.1 No such user"));

    assertThat(rejected.permanent()).isTrue();
    assertThat(rejected.reason()).contains("550 5.1.1 No such user");
  }

  @Test
  void a_421_reply_is_the_server_going_away_not_the_email() throws Exception {
    assertThat(SmtpEmailSender.classify(MESSAGE_ID, replied(421, "421 4.3.2 Shutting down")))
        .isInstanceOf(SmtpUnavailableException.class);
  }

  @Test
  void a_failure_that_says_nothing_is_taken_as_this_emails_for_now() {
    var failure = new MailSendException(Map.of("message", new MessagingException("Odd")));

    var rejected = (EmailRejectedException) SmtpEmailSender.classify(MESSAGE_ID, failure);

    assertThat(rejected.permanent()).isFalse();
  }

  /** What JavaMailSenderImpl throws when the server rejects the recipient with {@code reply}. */
  private static MailSendException replied(int code, String reply) throws Exception {
    var recipient = new InternetAddress("c-1@customers.orderflow.dev");
    var perRecipient = new SMTPAddressFailedException(recipient, "RCPT TO", code, reply);
    var sendFailed =
        new SMTPSendFailedException(
            "RCPT TO",
            code,
            "Invalid Addresses",
            perRecipient,
            new Address[0],
            new Address[0],
            new Address[] {recipient});
    return new MailSendException(Map.of("message", sendFailed));
  }
}
