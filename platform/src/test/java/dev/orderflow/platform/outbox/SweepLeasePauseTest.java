package dev.orderflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault {@code sweep-lease-pause} on a relay with a lease in memory. */
class SweepLeasePauseTest {

  private static final Duration LEASE = Duration.ofMillis(600);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Faults faults = new Faults(meters, Clock.systemUTC());
  private final Lease lease = new Lease();
  private final List<OutboxMessage> handedOffPublished = new CopyOnWriteArrayList<>();
  private final AtomicInteger sweeps = new AtomicInteger();
  private final OutboxRelay relay =
      new OutboxRelay(
          batch -> handedOffPublished.addAll(batch),
          SweepPublisher.unfenced(batch -> {
            sweeps.incrementAndGet();
            return true;
          }),
          new SweepLeasePause(faults).around(lease),
          new OutboxProperties(500, Duration.ofMillis(50), Duration.ZERO, LEASE, 100),
          "svc",
          Clock.systemUTC(),
          meters,
          TraceContext.none());

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void while_on_the_holder_gives_the_lease_up_nobody_takes_it_and_hand_offs_go_on() {
    var source = new Source();
    relay.register(source);
    relay.start();
    await("the lease taken").atMost(Duration.ofSeconds(5)).until(() -> leader() == 1);

    faults.enable(SweepLeasePause.NAME, Map.of());

    await("the holder gives the lease up at its next renewal")
        .atMost(Duration.ofSeconds(3))
        .until(() -> leader() == 0 && lease.holder.get() == null);
    var asked = lease.asked.get();
    await("nobody takes it, though the relay keeps asking")
        .during(LEASE.multipliedBy(2))
        .atMost(LEASE.multipliedBy(4))
        .until(() -> leader() == 0 && lease.holder.get() == null);
    assertThat(lease.asked.get()).as("the lock provider itself is not asked").isEqualTo(asked);

    var handedOff = message("order-1");
    relay.handOff(List.of(handedOff));
    await("hand-offs are still published")
        .atMost(Duration.ofSeconds(3))
        .until(() -> handedOffPublished.contains(handedOff));
    var sweptBefore = sweeps.get();
    source.stored.add(message("order-2"));
    await("nothing is swept")
        .during(LEASE)
        .atMost(LEASE.multipliedBy(3))
        .until(() -> sweeps.get() == sweptBefore);

    faults.disable(SweepLeasePause.NAME);

    await("switched off, the next round takes the lease again")
        .atMost(Duration.ofSeconds(3))
        .until(() -> leader() == 1 && lease.holder.get() != null);
    await("and sweeps what was left").atMost(Duration.ofSeconds(3)).until(() -> sweeps.get() > 0);
  }

  private double leader() {
    return meters.get("outbox.relay.leader").gauge().value();
  }

  private static OutboxMessage message(String key) {
    return new OutboxMessage(
        "commits", key, 1, "topic", key, key + "/1", "Type", Instant.EPOCH, "{}", null);
  }

  /** One lease in memory: held by one lock at a time until unlocked. */
  private static final class Lease implements LockProvider {

    final AtomicReference<@Nullable Object> holder = new AtomicReference<>();
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public Optional<SimpleLock> lock(LockConfiguration configuration) {
      asked.incrementAndGet();
      var lock = new Lock();
      return holder.compareAndSet(null, lock) ? Optional.of(lock) : Optional.empty();
    }

    private final class Lock implements SimpleLock {

      @Override
      public void unlock() {
        holder.compareAndSet(this, null);
      }

      @Override
      public Optional<SimpleLock> extend(Duration lockAtMostFor, Duration lockAtLeastFor) {
        asked.incrementAndGet();
        return holder.get() == this ? Optional.of(this) : Optional.empty();
      }
    }
  }

  /** An outbox whose stored messages stay unpublished until a sweep marks them. */
  private static final class Source implements OutboxSource {

    final List<OutboxMessage> stored = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "commits";
    }

    @Override
    public List<OutboxMessage> findUnpublished(Instant storedBefore, int limit) {
      return List.copyOf(stored);
    }

    @Override
    public long countUnpublished(Instant storedBefore, int limit) {
      return stored.size();
    }

    @Override
    public void markPublished(List<OutboxMessage> messages) {
      stored.removeAll(messages);
    }
  }
}
