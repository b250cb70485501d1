package dev.orderflow.notification;

import com.mongodb.MongoException;
import dev.orderflow.events.Traceparent;
import dev.orderflow.notification.domain.Delivery;
import dev.orderflow.platform.tracing.TraceContext;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
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
 * the breaker open) ends the sweep: the emails wait for the next one, not charged an attempt; so
 * does MongoDB away.
 *
 * <p>An attempt that fails with an exception instead of a send result (a bug, the order's details
 * gone) is logged with its cause, charged as an attempt and deferred with the same backoff, and
 * given up (FAILED, {@code NotificationFailed}) at the last: never retried for ever, never starving
 * the others. Each attempt runs in the logging context of its order ({@code orderId}, and the
 * {@code traceId} of the record that first tried it) and within that record's trace, so its log
 * lines and its announcement join the order's. {@code notifications_deferred_overdue} ({@link
 * OverdueEmails}) counts the deferred emails due for more than {@link #OVERDUE}: a sweep that is
 * not running, or not keeping up.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class DeferredEmailSweep implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(DeferredEmailSweep.class);

  /** Longer than any sweep may take (it stops at half); frees the lease if its holder dies. */
  private static final Duration LEASE = Duration.ofMinutes(2);

  /** A deferred email due longer ago than this is overdue: the sweep should have sent it. */
  static final Duration OVERDUE = Duration.ofMinutes(1);

  /** The logging-context keys of the order ({@code OrderEvent#subjectName()}) and of the trace. */
  private static final String ORDER_ID = "orderId";

  private static final String TRACE_ID = "traceId";

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
      Delivery delivery;
      try {
        delivery = inContextOf(email, () -> notifier.retry(email));
      } catch (MongoException | DataAccessException storeAway) {
        throw storeAway; // Nobody's email's fault: the sweep ends, and the next one tries again.
      } catch (RuntimeException e) {
        delivery =
            inContextOf(
                email,
                () -> {
                  log.error(
                      "Deferred email {} failed, charged as attempt {}",
                      email.notification().id(),
                      email.notification().attempts() + 1,
                      e);
                  return notifier.retryFailed(email, e);
                });
      }
      if (delivery instanceof Delivery.WaitingForSmtp waiting) {
        log.info("Deferred emails wait for SMTP: {}", waiting.reason());
        break;
      }
    }
    return tried;
  }

  /**
   * Runs {@code work} in the order's logging context and within the trace stored with the email.
   */
  private static <T> T inContextOf(DeferredEmail email, Supplier<T> work) {
    var traceparent = Traceparent.wellFormed(email.traceparent());
    MDC.put(ORDER_ID, email.outcome().orderId());
    if (traceparent != null) {
      MDC.put(TRACE_ID, traceparent.substring(3, 35));
    }
    try {
      return TraceContext.within(traceparent, work);
    } finally {
      MDC.remove(ORDER_ID);
      MDC.remove(TRACE_ID);
    }
  }
}
