package dev.orderflow.notification;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.util.LinkedHashMap;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Puts the {@link SmtpRejections} switch between the service's {@link SmtpEmailSender} and Boot's
 * own {@link JavaMailSender}, which stays as configured, so tests still send through the production
 * mail settings. A rejected email fails exactly as {@code JavaMailSenderImpl} fails when the server
 * refuses a recipient: a {@link MailSendException} holding Angus' SMTP exceptions with the reply.
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
    return new SmtpEmailSender(new RejectingMailSender(smtp, rejections), properties);
  }

  private record RejectingMailSender(JavaMailSender smtp, SmtpRejections rejections)
      implements JavaMailSender {

    @Override
    public MimeMessage createMimeMessage() {
      return smtp.createMimeMessage();
    }

    @Override
    public MimeMessage createMimeMessage(InputStream content) {
      return smtp.createMimeMessage(content);
    }

    @Override
    public void send(MimeMessage... messages) {
      var failed = new LinkedHashMap<Object, Exception>();
      for (var message : messages) {
        rejections
            .take(message)
            .ifPresentOrElse(
                rejection -> failed.put(message, refused(message, rejection)),
                () -> smtp.send(message));
      }
      if (!failed.isEmpty()) {
        throw new MailSendException(failed);
      }
    }

    @Override
    public void send(SimpleMailMessage... messages) {
      smtp.send(messages);
    }

    private static Exception refused(MimeMessage message, SmtpRejections.Rejection rejection) {
      try {
        var recipient = (InternetAddress) message.getAllRecipients()[0];
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
}
