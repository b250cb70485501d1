package dev.orderflow.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;

/**
 * Makes sure that only one instance of a service relays at a time: the holder renews a ShedLock
 * lock well before it expires; if it dies, another instance takes over once the lease has run out.
 */
final class RelayLease {

  private final LockProvider locks;
  private final String name;
  private final Duration duration;
  private final Clock clock;

  private volatile @Nullable SimpleLock lock;
  private Instant renewAt = Instant.MIN;

  RelayLease(LockProvider locks, String name, Duration duration, Clock clock) {
    this.locks = locks;
    this.name = name;
    this.duration = duration;
    this.clock = clock;
  }

  /** True if this instance holds the lease now, acquiring or renewing it as needed. */
  boolean hold() {
    var now = clock.instant();
    var held = lock;
    if (held != null && now.isBefore(renewAt)) {
      return true;
    }
    held =
        held != null
            ? held.extend(duration, Duration.ZERO).orElse(null)
            : locks.lock(new LockConfiguration(now, name, duration, Duration.ZERO)).orElse(null);
    lock = held;
    renewAt = now.plus(duration.dividedBy(3));
    return held != null;
  }

  boolean held() {
    return lock != null;
  }

  void release() {
    var held = lock;
    if (held != null) {
      held.unlock();
      lock = null;
    }
  }
}
