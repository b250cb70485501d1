package dev.orderflow.notification;

import dev.orderflow.notification.domain.OrderEmail;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Puts the {@link SmtpRejections} switch in front of the service's {@link SmtpEmailSender}, which
 * stays on Boot's own {@link JavaMailSender} as configured, so tests still send through the
 * production mail settings and the production connection of a batch. A rejected email fails exactly
 * as the server's refusal of a recipient fails a send, as {@link SmtpEmailSender#classify} reads
 * it: a {@link MailSendException} holding Angus' SMTP exceptions with the reply; it never reaches
 * the server, and the emails around it on the same connection go on.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SmtpRejectionsConfiguration {

  @Bean
  SmtpRejections smtpRejections() {
    return new SmtpRejections();
  }

  @Bean
  @Primary
  SmtpEmailSender emailSenderWithRejections(
      JavaMailSender smtp, SmtpRejections rejections, NotificationProperties properties) {
    return new SmtpEmailSender(smtp, properties) {
      @Override
      public void send(OrderEmail email) {
        refuseIfAsked(rejections, email);
        super.send(email);
      }

      @Override
      public Connection connect() {
        var connection = super.connect();
        return new Connection() {
          @Override
          public void send(OrderEmail email) {
            refuseIfAsked(rejections, email);
            connection.send(email);
          }

          @Override
          public void close() {
            connection.close();
          }
        };
      }
    };
  }

  private static void refuseIfAsked(SmtpRejections rejections, OrderEmail email) {
    var rejection = rejections.take(email.messageId());
    if (rejection.isPresent()) {
      throw SmtpEmailSender.classify(
          email.messageId(),
          new MailSendException(Map.of(email.messageId(), refused(email, rejection.get()))));
    }
  }

  private static Exception refused(OrderEmail email, SmtpRejections.Rejection rejection) {
    try {
      var recipient = new InternetAddress(email.recipient());
      var perRecipient =
          new SMTPAddressFailedException(
              recipient,
              "RCPT TO:<" + recipient.getAddress() + ">",
              rejection.replyCode(),
              rejection.reply());
      return new SMTPSendFailedException(
          "RCPT TO",
          rejection.replyCode(),
          "Invalid Addresses",
          perRecipient,
          new Address[0],
          new Address[0],
          new Address[] {recipient});
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
