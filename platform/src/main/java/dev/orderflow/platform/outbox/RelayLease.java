package dev.orderflow.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;

/**
 * Makes sure that at most one instance of a service sweeps the outboxes at a time: the holder
 * renews a ShedLock lock well before it expires; if it dies, another instance takes over once the
 * lease has run out.
 *
 * <p>A holder that stalled past its lease (a long GC pause, a frozen VM) does not renew: ShedLock
 * would extend any unexpired lock of the same name taken from the same host, so two instances on
 * one machine could both believe they hold it. It gives the lease up instead and competes for it
 * like anyone else. Nor does it unlock what may be another instance's lock by then. The lease alone
 * cannot stop a stalled holder that has not looked at it yet; the sweep's transactional producer
 * does ({@link TransactionalOutboxPublisher}).
 */
final class RelayLease {

  private final LockProvider locks;
  private final String name;
  private final Duration duration;
  private final Clock clock;

  private volatile @Nullable SimpleLock lock;
  private Instant renewAt = Instant.MIN;
  private Instant expiresAt = Instant.MIN;

  RelayLease(LockProvider locks, String name, Duration duration, Clock clock) {
    this.locks = locks;
    this.name = name;
    this.duration = duration;
    this.clock = clock;
  }

  String name() {
    return name;
  }

  /** True if this instance holds the lease now, acquiring or renewing it as needed. */
  boolean hold() {
    var now = clock.instant();
    var held = lock;
    if (held != null && now.isBefore(renewAt)) {
      return true;
    }
    if (held != null && !now.isBefore(expiresAt)) {
      // Stalled past the lease: someone else may hold it now.
      held = null;
    }
    held =
        held != null
            ? held.extend(duration, Duration.ZERO).orElse(null)
            : locks.lock(new LockConfiguration(now, name, duration, Duration.ZERO)).orElse(null);
    lock = held;
    renewAt = now.plus(duration.dividedBy(3));
    expiresAt = now.plus(duration);
    return held != null;
  }

  boolean held() {
    return lock != null;
  }

  /** Forgets the lease without unlocking it: another instance holds it, or will once it expires. */
  void abandon() {
    lock = null;
  }

  /** Gives the lease up at once, if it is still this instance's to give. */
  void release() {
    var held = lock;
    lock = null;
    if (held != null && clock.instant().isBefore(expiresAt)) {
      held.unlock();
    }
  }
}
