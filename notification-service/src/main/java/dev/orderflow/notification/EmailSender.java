package dev.orderflow.notification;

import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Hands an email to the SMTP server, and nothing else: the one place that talks SMTP, so that
 * resilience (circuit breaker, time limit, bulkhead) can wrap exactly this call later.
 */
@Component
class EmailSender {

  private static final String MESSAGE_ID = "Message-ID";

  private final JavaMailSender smtp;
  private final String sender;
  private final Clock clock;

  EmailSender(JavaMailSender smtp, NotificationProperties properties, Clock clock) {
    this.smtp = smtp;
    this.sender = properties.sender();
    this.clock = clock;
  }

  /** Returns once the SMTP server accepted the email. */
  void send(OrderEmail email) throws EmailNotSentException {
    try {
      var message = smtp.createMimeMessage();
      var helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
      helper.setFrom(sender);
      helper.setTo(email.recipient());
      helper.setSubject(email.subject());
      helper.setText(email.body());
      helper.setSentDate(Date.from(clock.instant()));
      // JavaMailSenderImpl keeps a Message-ID that was set explicitly instead of generating one.
      message.setHeader(MESSAGE_ID, email.messageId());
      smtp.send(message);
    } catch (MailException e) {
      throw new EmailNotSentException(
          email.messageId(), String.valueOf(e.getMostSpecificCause()), e);
    } catch (MessagingException e) {
      throw new EmailNotSentException(email.messageId(), e.toString(), e);
    }
  }
}
