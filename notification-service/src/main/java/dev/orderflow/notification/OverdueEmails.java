package dev.orderflow.notification;

import dev.orderflow.platform.metrics.StoredCount;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code notifications_deferred_overdue}: the deferred emails due for more than {@link
 * DeferredEmailSweep#OVERDUE} and still pending, counted in MongoDB every {@value
 * #COUNT_EVERY_SECONDS} s by every instance (not at each scrape, which would wait for MongoDB).
 * While MongoDB cannot say, or the counts stop, it is NaN rather than the last count ({@link
 * StoredCount}), and {@code notifications_deferred_overdue_read_age_seconds} says since when. The
 * gauge is registered by {@link EmailConfiguration}, where the service's meters are.
 */
class OverdueEmails {

  static final int COUNT_EVERY_SECONDS = 10;

  /** The longest one count may take; a count still waiting then fails and shows NaN. */
  static final Duration COUNT_TIMEOUT = Duration.ofSeconds(5);

  private final NotificationStore notifications;
  private final Clock clock;
  private final StoredCount overdue;

  /** A count older than this (three counts missed: MongoDB hangs) is not shown. */
  static final Duration STALE_AFTER = Duration.ofSeconds(COUNT_EVERY_SECONDS * 3L);

  OverdueEmails(NotificationStore notifications, Clock clock, StoredCount overdue) {
    this.notifications = notifications;
    this.clock = clock;
    this.overdue = overdue;
  }

  @Scheduled(fixedDelay = COUNT_EVERY_SECONDS, timeUnit = TimeUnit.SECONDS)
  void count() {
    overdue.refresh(() ->
        notifications.overdue(clock.instant().minus(DeferredEmailSweep.OVERDUE), COUNT_TIMEOUT));
  }
}
