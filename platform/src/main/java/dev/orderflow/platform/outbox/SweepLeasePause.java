package dev.orderflow.platform.outbox;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import java.time.Duration;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault {@code sweep-lease-pause} (docs/faults.md), wrapped around the leases the relay's sweep
 * is held under, and no other: while it is on, no instance of the service takes or renews the sweep
 * lease. The holder gives it up (unlocks it) when it next renews it, within a third of the lease,
 * and nobody takes it after, so {@code outbox_relay_leader} sums to 0 and nothing is swept. Every
 * instance goes on publishing its own hand-offs. Switched off, the next instance that asks for the
 * lease (within a third of the lease) takes it again, and its first sweep publishes what was left
 * in the outboxes. Other leases of the service (jobs that run once per service) are not touched.
 */
public final class SweepLeasePause {

  static final String NAME = "sweep-lease-pause";

  private static final Logger log = LoggerFactory.getLogger(SweepLeasePause.class);

  private final Fault paused;

  public SweepLeasePause(Faults faults) {
    this.paused =
        faults.register(
            NAME,
            "No instance takes or renews the outbox sweep lease: the holder gives it up at its"
                + " next renewal, outbox_relay_leader sums to 0 and nothing is swept; hand-offs are"
                + " still published.");
  }

  /** {@code leases} with the fault around them: to be given to the relay's sweep alone. */
  public LockProvider around(LockProvider leases) {
    return configuration ->
        paused.active() ? Optional.empty() : leases.lock(configuration).map(this::pausable);
  }

  /** A lock that, while the fault is on, is given up rather than renewed. */
  private SimpleLock pausable(SimpleLock lock) {
    return new SimpleLock() {
      @Override
      public void unlock() {
        lock.unlock();
      }

      @Override
      public Optional<SimpleLock> extend(Duration lockAtMostFor, Duration lockAtLeastFor) {
        if (!paused.active()) {
          return lock.extend(lockAtMostFor, lockAtLeastFor).map(SweepLeasePause.this::pausable);
        }
        try {
          lock.unlock();
          log.warn("Fault {}: gave the outbox sweep lease up rather than renewing it", NAME);
        } catch (RuntimeException e) {
          log.warn(
              "Fault {}: could not give the outbox sweep lease up; it expires by itself: {}",
              NAME,
              e.toString());
        }
        return Optional.empty();
      }
    };
  }
}
