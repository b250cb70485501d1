package dev.orderflow.order.adapter.schedule;

import dev.orderflow.order.application.SagaDeadline;
import dev.orderflow.order.application.SagaDeadlineProperties;
import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.metrics.StoredCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Every {@code orderflow.orders.deadline-sweep-interval}, rejects the orders pending for longer
 * than the saga's deadline, and counts them in {@code orders_saga_timeouts_total}. One instance
 * sweeps at a time (a ShedLock lease in the platform's {@code leases} collection): two would only
 * repeat each other's work, since a rejection is decided on the order's events and an order decided
 * already is left alone.
 *
 * <p>The {@code deadline-sweep-pause} fault (docs/faults.md) skips the rounds while it is on: the
 * orders past their deadline stay pending, and {@code orders_saga_overdue}, still counted, rises.
 * Switched off, the next round decides them.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SagaDeadlineSweep implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(SagaDeadlineSweep.class);

  /** Longer than any sweep takes; frees the lease if its holder dies mid-sweep. */
  private static final Duration LEASE = Duration.ofMinutes(1);

  /** Past the deadline by more than a few sweeps: the sweep is not keeping up, or not running. */
  private static final Duration OVERDUE_GRACE = Duration.ofSeconds(10);

  private static final int OVERDUE_LIMIT = 1000;
  private static final Duration COUNT_INTERVAL = Duration.ofSeconds(5);

  static final String PAUSE = "deadline-sweep-pause";

  private final SagaDeadline deadline;
  private final SagaDeadlineProperties properties;
  private final LockProvider leases;
  private final String leaseName;
  private final Clock clock;
  private final Counter timeouts;
  private final Fault paused;
  private final StoredCount overdue;
  private Instant nextCount = Instant.MIN;

  SagaDeadlineSweep(
      SagaDeadline deadline,
      SagaDeadlineProperties properties,
      LockProvider leases,
      Clock clock,
      MeterRegistry meters,
      Faults faults,
      @Value("${spring.application.name}") String serviceName) {
    this.deadline = deadline;
    this.properties = properties;
    this.leases = leases;
    this.leaseName = serviceName + "-saga-deadline";
    this.clock = clock;
    // Registered at start, so the series exists (at 0) before the first timeout.
    this.timeouts =
        Counter.builder("orders.saga.timeouts")
            .description("Orders rejected because inventory had not answered within the deadline")
            .register(meters);
    // NaN, not the last count, while MongoDB cannot say, or the counts stopped (the sweep's
    // thread hangs); orders_saga_overdue_read_age_seconds says since when.
    this.overdue =
        StoredCount.register(
            "orders.saga.overdue",
            "Orders still pending "
                + OVERDUE_GRACE.toSeconds()
                + " s past the saga deadline (at most "
                + OVERDUE_LIMIT
                + "), as this instance last counted them",
            "",
            COUNT_INTERVAL.multipliedBy(6),
            meters);
    this.paused =
        faults.register(
            PAUSE,
            "The saga-deadline sweep skips its rounds: orders past their deadline stay PENDING and"
                + " orders_saga_overdue rises; switched off, the next round rejects them.");
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(this::sweep, properties.deadlineSweepInterval());
  }

  void sweep() {
    count();
    if (paused.active()) {
      return; // The overdue orders wait for the round after the fault.
    }
    try {
      var lease =
          leases.lock(new LockConfiguration(clock.instant(), leaseName, LEASE, Duration.ZERO));
      if (lease.isEmpty()) {
        return; // Another instance is sweeping.
      }
      try {
        var rejected = deadline.rejectOverdue();
        if (!rejected.isEmpty()) {
          timeouts.increment(rejected.size());
          log.info(
              "Rejected {} orders pending for more than {} ms: {}",
              rejected.size(),
              properties.sagaDeadline().toMillis(),
              rejected);
        }
      } finally {
        lease.get().unlock();
      }
    } catch (RuntimeException e) {
      // MongoDB away, say: the reminders wait, and the next sweep tries again.
      log.warn("Saga deadline sweep failed: {}", e.toString());
    }
  }

  /**
   * Counted by every instance, not only the one holding the lease, so that a sweep that stopped
   * (its instance hung, the lease never freed) shows as orders overdue anywhere.
   */
  private void count() {
    var now = clock.instant();
    if (now.isBefore(nextCount)) {
      return; // Every few seconds is enough for a gauge, and each count is a query.
    }
    nextCount = now.plus(COUNT_INTERVAL);
    overdue.refresh(() -> deadline.overdue(OVERDUE_GRACE, OVERDUE_LIMIT));
  }
}
