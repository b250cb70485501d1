package dev.orderflow.notification;

import dev.orderflow.notification.domain.EmailTemplate;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.metrics.StoredCount;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * How an email is sent, each concern wrapped around the one it affects, outermost first:
 *
 * <pre>
 * MeteredNotifier ( OrderNotifier )                     counts what became of each email
 * ResilientEmailSender ( SmtpFaults ( SmtpEmailSender )) resilience4j, the operator's faults, SMTP
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

  @Bean
  EmailTemplate emailTemplate() {
    return new EmailTemplate();
  }

  @Bean
  SmtpEmailSender smtpEmailSender(JavaMailSender mail, NotificationProperties properties) {
    return new SmtpEmailSender(mail, properties);
  }

  @Bean
  ResilientEmailSender resilientEmailSender(
      SmtpEmailSender smtp,
      Faults faults,
      RetryRegistry retries,
      CircuitBreakerRegistry circuitBreakers,
      BulkheadRegistry bulkheads,
      TimeLimiterRegistry timeLimiters,
      MeterRegistry meters) {
    FunctionCounter.builder(
            "notifications.smtp.connections", smtp, SmtpEmailSender::connectionsOpened)
        .description(
            "SMTP connections opened: one per batch of emails, and one more per failed send")
        .baseUnit("connections")
        .register(meters);
    return new ResilientEmailSender(
        new SmtpFaults(faults, smtp), retries, circuitBreakers, bulkheads, timeLimiters);
  }

  @Bean
  Notifier notifier(
      PlacedOrders orders,
      NotificationStore notifications,
      EmailTemplate template,
      ResilientEmailSender smtp,
      Clock clock,
      NotificationProperties properties,
      MeterRegistry meters) {
    return new MeteredNotifier(
        new OrderNotifier(orders, notifications, template, smtp, clock, properties), meters);
  }

  /** {@code notifications_deferred_overdue}, counted every 10 s by {@link OverdueEmails}. */
  @Bean
  OverdueEmails overdueEmails(NotificationStore notifications, Clock clock, MeterRegistry meters) {
    return new OverdueEmails(
        notifications,
        clock,
        StoredCount.register(
            "notifications.deferred.overdue",
            "Deferred emails whose next attempt was due more than a minute ago and is not made",
            "",
            OverdueEmails.STALE_AFTER,
            meters));
  }
}
