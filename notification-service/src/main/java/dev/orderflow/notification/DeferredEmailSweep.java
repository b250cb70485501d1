package dev.orderflow.notification;

import dev.orderflow.notification.domain.Delivery;
import java.time.Clock;
import java.time.Duration;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Every {@code orderflow.notification.retries.sweep-interval}, sends again the deferred emails
 * whose next attempt is due (at most {@code sweep-batch}, the earliest first): each is sent,
 * deferred again with a longer delay, or given up after the last attempt, as {@link OrderNotifier}
 * decides (ADR 11). The record of a deferred email was done with long ago; its notification holds
 * everything the email needs.
 *
 * <p>One instance sweeps at a time (a ShedLock lease in the platform's {@code leases} collection),
 * so a deferred email has one sender, as a record in a retry topic had one consumer; a copy of its
 * record that arrives meanwhile sends nothing ({@code Delivery.LeftToSweep}). A sweep stops taking
 * emails once it has run for half its lease, so the lease never runs out under it. SMTP away (or
 * the breaker open) ends the sweep: the emails wait for the next one, not charged an attempt.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class DeferredEmailSweep implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(DeferredEmailSweep.class);

  /** Longer than any sweep may take (it stops at half); frees the lease if its holder dies. */
  private static final Duration LEASE = Duration.ofMinutes(2);

  private final NotificationStore notifications;
  private final Notifier notifier;
  private final LockProvider leases;
  private final NotificationProperties.Retries retries;
  private final String leaseName;
  private final Clock clock;

  DeferredEmailSweep(
      NotificationStore notifications,
      Notifier notifier,
      LockProvider leases,
      NotificationProperties properties,
      Clock clock,
      @Value("${spring.application.name}") String serviceName) {
    this.notifications = notifications;
    this.notifier = notifier;
    this.leases = leases;
    this.retries = properties.retries();
    this.leaseName = serviceName + "-deferred-emails";
    this.clock = clock;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(this::sweep, retries.sweepInterval());
  }

  /** One sweep; the number of emails it tried. */
  int sweep() {
    try {
      var lease =
          leases.lock(new LockConfiguration(clock.instant(), leaseName, LEASE, Duration.ZERO));
      if (lease.isEmpty()) {
        return 0; // Another instance is sweeping.
      }
      try {
        return sendDue();
      } finally {
        lease.get().unlock();
      }
    } catch (RuntimeException e) {
      // MongoDB away, say: the emails wait, and the next sweep tries again.
      log.warn("Deferred email sweep failed: {}", e.toString());
      return 0;
    }
  }

  private int sendDue() {
    var started = clock.instant();
    var stopAt = started.plus(LEASE.dividedBy(2));
    var tried = 0;
    for (var email : notifications.due(started, retries.sweepBatch())) {
      if (clock.instant().isAfter(stopAt)) {
        break;
      }
      tried++;
      try {
        if (notifier.retry(email) instanceof Delivery.WaitingForSmtp waiting) {
          log.info("Deferred emails wait for SMTP: {}", waiting.reason());
          break;
        }
      } catch (RuntimeException e) {
        // This email's (a bug, say): the others go on; it stays due and is tried next sweep.
        log.warn("Deferred email {} failed: {}", email.notification().id(), e.toString());
      }
    }
    return tried;
  }
}
