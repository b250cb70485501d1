package dev.orderflow.notification;

import dev.orderflow.devstack.FreePorts;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Puts the {@link SmtpOutage} switch between the service's {@link EmailSender} and Boot's own
 * {@link JavaMailSender}, which stays as configured, so tests still send through the production
 * mail settings.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SmtpOutageConfiguration {

  @Bean
  SmtpOutage smtpOutage() {
    return new SmtpOutage();
  }

  @Bean
  @Primary
  EmailSender emailSenderWithOutageSwitch(
      JavaMailSender smtp, SmtpOutage outage, NotificationProperties properties, Clock clock) {
    var unreachable = new JavaMailSenderImpl();
    unreachable.setHost("localhost");
    unreachable.setPort(FreePorts.find());
    return new EmailSender(new SwitchedMailSender(smtp, unreachable, outage), properties, clock);
  }

  private record SwitchedMailSender(
      JavaMailSender smtp, JavaMailSender unreachable, SmtpOutage outage)
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
      for (var message : messages) {
        (outage.affects(message) ? unreachable : smtp).send(message);
      }
    }

    @Override
    public void send(SimpleMailMessage... messages) {
      smtp.send(messages);
    }
  }
}
