package dev.orderflow.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure that at most one instance of a service sweeps the outboxes at a time: the holder
 * renews a ShedLock lock well before it expires; if it dies, another instance takes over once the
 * lease has run out.
 *
 * <p>The holder counts the lease's time on its own monotonic clock, from the moment it asked
 * MongoDB for it: it claims the lease ({@link #held}) only until then, whatever it is doing and
 * whether or not MongoDB answers. A holder that stalled past its lease (a long GC pause, a frozen
 * VM, a call that blocked) does not renew: ShedLock would extend any unexpired lock of the same
 * name taken from the same host, so two instances on one machine could both believe they hold it.
 * It competes for the lease again like anyone else, and if it wins, {@link #hold} says the lock is
 * a new one ({@link Hold#ACQUIRED}): another instance may have held it and swept in between. Nor
 * does it unlock what may be another instance's lock by then. The lease alone cannot stop a stalled
 * holder that has not looked at it yet; the sweep's transactional producer does ({@link
 * TransactionalOutboxPublisher}).
 */
final class RelayLease {

  private static final Logger log = LoggerFactory.getLogger(RelayLease.class);

  /** What {@link #hold} found. */
  enum Hold {
    /** Another instance holds the lease, or nobody could get it. */
    LOST,
    /** This instance still holds the lock it held before, renewed if it was time to. */
    KEPT,
    /**
     * This instance holds a lock it did not hold before: whatever it did under an older is over.
     */
    ACQUIRED
  }

  private final LockProvider locks;
  private final String name;
  private final Duration duration;
  private final Clock clock;
  private final LongSupplier nanoTime;

  private volatile @Nullable SimpleLock lock;
  private volatile long expiresNanos;
  private long renewNanos;

  RelayLease(LockProvider locks, String name, Duration duration, Clock clock) {
    this(locks, name, duration, clock, System::nanoTime);
  }

  RelayLease(
      LockProvider locks, String name, Duration duration, Clock clock, LongSupplier nanoTime) {
    this.locks = locks;
    this.name = name;
    this.duration = duration;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  String name() {
    return name;
  }

  /**
   * Holds the lease now, acquiring or renewing it as needed. If MongoDB fails, this throws and the
   * instance claims the lease no longer than the lease it had already.
   */
  Hold hold() {
    var now = nanoTime.getAsLong();
    var held = lock;
    if (held != null && now - renewNanos < 0) {
      return Hold.KEPT;
    }
    if (held != null && now - expiresNanos >= 0) {
      // Stalled past the lease: someone else may hold it now.
      lock = null;
      held = null;
    }
    try {
      var extended = held != null ? held.extend(duration, Duration.ZERO).orElse(null) : null;
      var next =
          extended != null
              ? extended
              : locks
                  .lock(new LockConfiguration(clock.instant(), name, duration, Duration.ZERO))
                  .orElse(null);
      // Counted from before the call: the lock in MongoDB lasts at least that long.
      expiresNanos = now + duration.toNanos();
      renewNanos = now + duration.dividedBy(3).toNanos();
      lock = next;
      return next == null ? Hold.LOST : extended != null ? Hold.KEPT : Hold.ACQUIRED;
    } catch (RuntimeException e) {
      lock = null;
      throw e;
    }
  }

  /** True while this instance holds the lease and its time has not run out (the gauge). */
  boolean held() {
    return lock != null && nanoTime.getAsLong() - expiresNanos < 0;
  }

  /** Forgets the lease without unlocking it: another instance holds it, or will once it expires. */
  void abandon() {
    lock = null;
  }

  /** Gives the lease up at once, if it is still this instance's to give. */
  void release() {
    var held = lock;
    lock = null;
    if (held != null && nanoTime.getAsLong() - expiresNanos < 0) {
      try {
        held.unlock();
      } catch (RuntimeException e) {
        log.warn("Could not release the lease {}; it expires by itself: {}", name, e.toString());
      }
    }
  }
}
