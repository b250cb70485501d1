package dev.orderflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The relay against stand-ins for MongoDB and Kafka: what it does when they fail or stall. */
class OutboxRelayTest {

  private static final String SOURCE = "commits";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Locks locks = new Locks();
  private final List<OutboxRelay> relays = new ArrayList<>();

  @AfterEach
  void stop() {
    locks.hang.countDown();
    relays.forEach(OutboxRelay::stop);
  }

  @Test
  void a_failing_mongodb_in_the_sweep_does_not_rebuild_the_sweep_producer() {
    var sweeps = new CountingSweeps();
    var relay =
        relay(
            sweeps,
            new OutboxProperties(
                500, Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(10), 100));
    var looks = new AtomicInteger();
    relay.register(
        new Source() {
          @Override
          public List<OutboxMessage> findUnpublished(Instant storedBefore, int limit) {
            looks.incrementAndGet();
            throw new IllegalStateException("MongoDB unreachable");
          }
        });
    relay.start();

    await("several sweeps failed in MongoDB")
        .atMost(Duration.ofSeconds(10))
        .until(() -> looks.get() >= 3);
    assertThat(sweeps.takeOvers.get()).as("one producer, taken over once").isEqualTo(1);
    assertThat(sweeps.resigns.get()).isZero();
  }

  @Test
  void a_failing_kafka_in_the_sweep_takes_it_over_again_with_a_new_producer() {
    var sweeps = new CountingSweeps();
    sweeps.failing = true;
    var relay =
        relay(
            sweeps,
            new OutboxProperties(
                500, Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(10), 100));
    var source = new Source();
    source.stored.add(message("doc-1", "order-1", 1));
    relay.register(source);
    relay.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.takeOvers.get() >= 2);
    assertThat(sweeps.resigns.get()).isPositive();
    assertThat(meters.get("outbox.relay.fenced").counter().count()).as("no fencing").isZero();
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void two_sources_share_one_leader_gauge_registered_once(CapturedOutput output) {
    var relay =
        relay(
            new CountingSweeps(),
            new OutboxProperties(
                500, Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10), 100));
    relay.register(new Source());
    relay.register(
        new Source() {
          @Override
          public String name() {
            return "stock-levels";
          }
        });

    assertThat(meters.find("outbox.relay.leader").gauges()).hasSize(1);
    assertThat(output).doesNotContain("already registered");
  }

  @Test
  void the_leader_gauge_reads_0_once_the_lease_ran_out_though_mongodb_cannot_be_reached() {
    var relay =
        relay(
            new CountingSweeps(),
            new OutboxProperties(
                500, Duration.ofSeconds(30), Duration.ZERO, Duration.ofMillis(600), 100));
    relay.register(new Source());
    relay.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> leader() == 1);

    // Every call to MongoDB hangs, as when it is unreachable, until the driver gives up.
    locks.hanging = true;

    await("the lease ran out: no longer claimed, while the renewal still hangs")
        .atMost(Duration.ofSeconds(3))
        .until(() -> leader() == 0);
  }

  @Test
  void stopping_does_not_wait_out_the_pause_of_an_instance_that_does_not_hold_the_lease() {
    // Another instance holds the lease: this one looks again every third of the lease (20 s here,
    // as long as the stop timeout).
    locks.refused = true;
    var relay =
        relay(
            new CountingSweeps(),
            new OutboxProperties(
                500, Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(60), 100));
    relay.register(new Source());
    relay.start();
    await("the lease refused once")
        .atMost(Duration.ofSeconds(5))
        .until(() -> locks.asked.get() > 0);

    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> relay.stop(), "stop during a pause");
  }

  @Test
  void the_backlog_counts_what_the_outboxes_hold_though_no_instance_holds_the_lease_or_relays() {
    var relay =
        relay(
            new CountingSweeps(),
            new OutboxProperties(
                500, Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(10), 100));
    var source = new Source();
    relay.register(source);
    for (int i = 0; i < 600; i++) {
      // Stored by an instance that died with its queue, or beyond a full one: in no queue here.
      source.stored.add(message("doc-" + i, "order-" + i, 1));
    }
    // Another instance holds the lease, and this relay is not even started.
    locks.refused = true;

    relay.countBacklog();

    assertThat(locks.asked.get()).isZero();
    assertThat(relay.queued()).isZero();
    assertThat(meters.get("outbox.backlog").gauge().value()).isEqualTo(600.0);
    assertThat(meters.get("outbox.relay.queued").gauge().value()).isZero();
    assertThat(meters.get("outbox.backlog.read.age").gauge().value()).isLessThan(1.0);
  }

  @Test
  void the_backlog_leaves_out_what_is_younger_than_the_sweep_grace_as_a_sweep_would() {
    var relay =
        relay(
            new CountingSweeps(),
            new OutboxProperties(
                500, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10), 100));
    var source = new Source();
    relay.register(source);
    // In flight: stored just now, handed off, not yet acknowledged.
    source.stored.add(message("doc-young", "order-1", 1, Instant.now()));
    relay.countBacklog();
    assertThat(meters.get("outbox.backlog").gauge().value()).isZero();

    // Stored past the grace and still unpublished: what the next sweep takes.
    source.stored.add(message("doc-old", "order-2", 1, Instant.now().minusSeconds(10)));
    relay.countBacklog();

    assertThat(meters.get("outbox.backlog").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void the_backlog_is_counted_every_backlog_count_interval_unless_set_every_sweep_interval() {
    var sweep = Duration.ofSeconds(30);
    assertThat(new OutboxProperties(500, sweep, Duration.ZERO, sweep, 100).backlogCountEvery())
        .isEqualTo(sweep);
    assertThat(
            new OutboxProperties(500, sweep, Duration.ZERO, sweep, 100, Duration.ofSeconds(7))
                .backlogCountEvery())
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void the_backlog_is_nan_not_its_last_count_while_the_outboxes_cannot_be_counted() {
    var relay =
        relay(
            new CountingSweeps(),
            new OutboxProperties(
                500, Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(10), 100));
    var failing = new AtomicBoolean();
    var source =
        new Source() {
          @Override
          public long countUnpublished(Instant storedBefore, int limit) {
            if (failing.get()) {
              throw new IllegalStateException("MongoDB unreachable");
            }
            return super.countUnpublished(storedBefore, limit);
          }
        };
    source.stored.add(message("doc-1", "order-1", 1));
    relay.register(source);
    relay.countBacklog();
    assertThat(meters.get("outbox.backlog").gauge().value()).isEqualTo(1.0);

    failing.set(true);
    relay.countBacklog();

    assertThat(meters.get("outbox.backlog").gauge().value()).isNaN();
  }

  @Test
  void a_running_relay_counts_its_backlog_on_its_own() {
    var relay =
        relay(
            new CountingSweeps(),
            new OutboxProperties(
                500, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10), 100));
    var source = new Source();
    // Stored a minute ago, past the 30 s grace.
    source.stored.add(message("doc-1", "order-1", 1, Instant.now().minusSeconds(60)));
    relay.register(source);
    // Another instance holds the lease: this one never sweeps the event.
    locks.refused = true;

    relay.start();

    await("counted at start")
        .atMost(Duration.ofSeconds(5))
        .until(() -> meters.get("outbox.backlog").gauge().value() == 1.0);
  }

  @Test
  void a_service_without_outbox_sources_neither_takes_the_lease_nor_shows_the_leader_gauge() {
    var sweeps = new CountingSweeps();
    var relay =
        relay(
            sweeps,
            new OutboxProperties(
                500, Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(10), 100));
    relay.start();

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> locks.asked.get() == 0 && sweeps.takeOvers.get() == 0);
    assertThat(meters.find("outbox.relay.leader").gauge()).isNull();
  }

  @Test
  void a_commit_is_handed_off_and_published_whole_or_left_whole_for_the_sweep() throws Exception {
    var blocked = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var published = new CopyOnWriteArrayList<List<OutboxMessage>>();
    OutboxPublisher kafka =
        batch -> {
          if (blocked.getCount() > 0) {
            blocked.countDown();
            awaitLatch(release);
          }
          published.add(List.copyOf(batch));
          return true;
        };
    locks.refused = true; // no sweep: whatever is not handed off stays unpublished
    var relay =
        new OutboxRelay(
            kafka,
            locks,
            new OutboxProperties(
                2, Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10), 4),
            "svc",
            Clock.systemUTC(),
            meters,
            TraceContext.none());
    relays.add(relay);
    var source = new Source();
    relay.register(source);
    relay.start();

    relay.handOff(List.of(message("c-1", "order-1", 1)));
    awaitLatch(blocked); // c-1 is being sent; the queue (4) is empty
    relay.handOff(
        List.of(
            message("c-2", "order-2", 1),
            message("c-2", "order-2", 2),
            message("c-2", "order-2", 3)));
    // Only one place left: the whole commit waits for the sweep, none of it is queued.
    relay.handOff(List.of(message("c-3", "order-3", 1), message("c-3", "order-3", 2)));
    assertThat(relay.queued()).isEqualTo(4);
    release.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> source.markedDocuments().size() == 2);
    assertThat(source.markedDocuments()).containsExactlyInAnyOrder("c-1", "c-2");
    assertThat(published.stream().flatMap(List::stream))
        .extracting(OutboxMessage::eventId)
        .containsExactly("c-1/1", "c-2/1", "c-2/2", "c-2/3");
    assertThat(published)
        .as("a batch of 2 extended to the end of its commit, never cut inside it")
        .anySatisfy(batch -> assertThat(batch).hasSize(3));
  }

  @Test
  void what_kafka_acknowledged_is_marked_many_batches_at_once_every_mark_interval() {
    var published = new CopyOnWriteArrayList<List<OutboxMessage>>();
    var source = new Source();
    var relay =
        handOffOnly(
            batch -> published.add(List.copyOf(batch)),
            marking(1, 100, Duration.ofMillis(500)),
            source);
    relay.handOff(List.of(message("c-1", "order-1", 1)));
    relay.handOff(List.of(message("c-2", "order-2", 1)));
    relay.handOff(List.of(message("c-3", "order-3", 1)));

    relay.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> !source.batches.isEmpty());
    assertThat(published).as("one batch each (batch size 1)").hasSize(3);
    assertThat(source.batches)
        .as("all three marked in one call")
        .singleElement()
        .satisfies(marks ->
            assertThat(marks)
                .extracting(OutboxMessage::eventId)
                .containsExactly("c-1/1", "c-2/1", "c-3/1"));
    assertThat(relay.unmarked()).isZero();
    assertThat(meters.get("outbox.relayed").tag("source", SOURCE).counter().count()).isEqualTo(3.0);
  }

  @Test
  void a_published_commit_handed_over_again_before_its_mark_is_not_published_again() {
    var published = new CopyOnWriteArrayList<OutboxMessage>();
    var source = new Source();
    var relay = handOffOnly(published::addAll, marking(500, 100, Duration.ofSeconds(30)), source);
    relay.start();
    relay.handOff(List.of(message("c-1", "order-1", 1)));
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.unmarked() == 1);

    // The order's next commit, written while c-1 still reads unpublished in the store: its writer
    // hands c-1 over again in front of it (ADR 2).
    relay.handOff(List.of(message("c-1", "order-1", 1), message("c-2", "order-1", 1)));

    await().atMost(Duration.ofSeconds(5)).until(() -> relay.unmarked() == 2);
    assertThat(published).extracting(OutboxMessage::eventId).containsExactly("c-1/1", "c-2/1");
    assertThat(source.batches).as("not due yet").isEmpty();
  }

  @Test
  void the_sweep_leaves_alone_the_keys_published_and_not_yet_marked() {
    var sweeps = new CountingSweeps();
    var source = new Source();
    var published = new CopyOnWriteArrayList<OutboxMessage>();
    var relay =
        relay(
            published::addAll,
            sweeps,
            new OutboxProperties(
                500,
                Duration.ofMillis(50),
                Duration.ZERO,
                Duration.ofSeconds(10),
                100,
                null,
                Duration.ofSeconds(30)));
    relay.register(source);
    var stored = message("c-1", "order-1", 1);
    source.stored.add(stored); // in the outbox, unmarked, as the store holds it
    relay.handOff(List.of(stored));
    relay.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.unmarked() == 1);

    var looked = source.lookedUp.get();
    await("three more sweeps looked")
        .atMost(Duration.ofSeconds(5))
        .until(() -> source.lookedUp.get() >= looked + 3);

    assertThat(sweeps.published).as("nothing swept while the mark waits").isEmpty();
    assertThat(published).hasSize(1);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void marks_that_fail_are_logged_counted_and_tried_again_without_publishing_again(
      CapturedOutput output) {
    var published = new CopyOnWriteArrayList<OutboxMessage>();
    var failing = new AtomicBoolean(true);
    var source =
        new Source() {
          @Override
          public void markPublished(List<OutboxMessage> messages) {
            if (failing.getAndSet(false)) {
              throw new IllegalStateException("MongoDB unreachable");
            }
            super.markPublished(messages);
          }
        };
    var relay = handOffOnly(published::addAll, marking(500, 100, Duration.ofMillis(20)), source);
    relay.start();
    relay.handOff(List.of(message("c-1", "order-1", 1)));

    await().atMost(Duration.ofSeconds(5)).until(() -> source.markedDocuments().contains("c-1"));
    assertThat(meters.get("outbox.relay.mark.failures").counter().count()).isEqualTo(1.0);
    assertThat(output).contains("Could not mark 1 published events of commits published");
    assertThat(published).as("published once").hasSize(1);
    assertThat(relay.unmarked()).isZero();
  }

  @Test
  void beyond_capacity_the_oldest_published_events_are_let_go_unmarked_and_counted() {
    var source =
        new Source() {
          @Override
          public void markPublished(List<OutboxMessage> messages) {
            throw new IllegalStateException("MongoDB unreachable");
          }
        };
    var relay = handOffOnly(batch -> {}, marking(1, 2, Duration.ofSeconds(30)), source);
    relay.start();
    for (int i = 1; i <= 3; i++) {
      relay.handOff(List.of(message("c-" + i, "order-" + i, 1)));
      var published = i;
      await().atMost(Duration.ofSeconds(5)).until(() -> relay.queued() == 0);
      await().atMost(Duration.ofSeconds(5)).until(() -> relay.unmarked() == Math.min(2, published));
    }

    assertThat(meters.get("outbox.relay.unmarked.dropped").counter().count()).isEqualTo(1.0);
    assertThat(meters.get("outbox.relay.unmarked").gauge().value()).isEqualTo(2.0);
  }

  @Test
  void stopping_marks_what_was_published_though_no_mark_was_due() {
    var source = new Source();
    var relay = handOffOnly(batch -> {}, marking(500, 100, Duration.ofSeconds(30)), source);
    relay.start();
    relay.handOff(List.of(message("c-1", "order-1", 1)));
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.unmarked() == 1);

    relay.stop();

    assertThat(source.markedDocuments()).containsExactly("c-1");
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A hand-off path that marks every {@code markInterval}; its sweeps, if any, every 30 s. */
  private static OutboxProperties marking(int batchSize, int capacity, Duration markInterval) {
    return new OutboxProperties(
        batchSize,
        Duration.ofSeconds(30),
        Duration.ZERO,
        Duration.ofSeconds(10),
        capacity,
        null,
        markInterval);
  }

  /** A relay that only hands off (another instance holds the lease), with {@code kafka}. */
  private OutboxRelay handOffOnly(
      Consumer<List<OutboxMessage>> kafka, OutboxProperties properties, Source source) {
    locks.refused = true;
    OutboxPublisher publisher =
        batch -> {
          kafka.accept(batch);
          return true;
        };
    var relay = relay(publisher, SweepPublisher.unfenced(publisher), properties);
    relay.register(source);
    return relay;
  }

  private double leader() {
    return meters.get("outbox.relay.leader").gauge().value();
  }

  private OutboxRelay relay(SweepPublisher sweeps, OutboxProperties properties) {
    return relay(batch -> true, sweeps, properties);
  }

  private OutboxRelay relay(
      OutboxPublisher kafka, SweepPublisher sweeps, OutboxProperties properties) {
    var relay =
        new OutboxRelay(
            kafka,
            sweeps,
            locks,
            properties,
            "svc",
            Clock.systemUTC(),
            meters,
            TraceContext.none());
    relays.add(relay);
    return relay;
  }

  private static OutboxMessage message(String commit, String key, int event) {
    return message(commit, key, event, Instant.now());
  }

  private static OutboxMessage message(String commit, String key, int event, Instant storedAt) {
    return new OutboxMessage(
        SOURCE, commit, 1, "topic", key, commit + "/" + event, "Type", storedAt, "{}", null);
  }

  /** An outbox that marks whole documents, as order-service's event store marks whole commits. */
  private static class Source implements OutboxSource {

    final List<OutboxMessage> stored = new CopyOnWriteArrayList<>();
    final List<List<OutboxMessage>> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger lookedUp = new AtomicInteger();

    @Override
    public String name() {
      return SOURCE;
    }

    @Override
    public List<OutboxMessage> findUnpublished(Instant storedBefore, int limit) {
      lookedUp.incrementAndGet();
      return List.copyOf(stored);
    }

    @Override
    public long countUnpublished(Instant storedBefore, int limit) {
      var marked = batches.stream().flatMap(List::stream).map(OutboxMessage::eventId).toList();
      return Math.min(
          limit,
          stored.stream()
              .filter(m -> !m.occurredAt().isAfter(storedBefore))
              .filter(m -> !marked.contains(m.eventId()))
              .count());
    }

    @Override
    public void markPublished(List<OutboxMessage> messages) {
      batches.add(List.copyOf(messages));
    }

    List<String> markedDocuments() {
      return batches.stream()
          .flatMap(List::stream)
          .map(OutboxMessage::documentId)
          .distinct()
          .collect(Collectors.toList());
    }
  }

  /** A sweep publisher that counts its producers; fails in Kafka while {@code failing}. */
  private static final class CountingSweeps implements SweepPublisher {

    final AtomicInteger takeOvers = new AtomicInteger();
    final AtomicInteger resigns = new AtomicInteger();
    final List<OutboxMessage> published = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public void takeOver() {
      takeOvers.incrementAndGet();
    }

    @Override
    public void resign() {
      resigns.incrementAndGet();
    }

    @Override
    public boolean publish(List<OutboxMessage> batch) {
      if (failing) {
        throw new org.apache.kafka.common.KafkaException("broker away");
      }
      published.addAll(batch);
      return true;
    }
  }

  /** One lease in memory; unreachable like a MongoDB that is away, or refused to everyone. */
  private static final class Locks implements LockProvider {

    final AtomicInteger asked = new AtomicInteger();
    final CountDownLatch hang = new CountDownLatch(1);
    volatile boolean hanging;
    volatile boolean refused;

    @Override
    public Optional<SimpleLock> lock(LockConfiguration configuration) {
      asked.incrementAndGet();
      check();
      return refused ? Optional.empty() : Optional.of(new Lock());
    }

    private void check() {
      if (hanging) {
        try {
          hang.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("MongoDB unreachable");
      }
    }

    private final class Lock implements SimpleLock {

      @Override
      public void unlock() {
        check();
      }

      @Override
      public Optional<SimpleLock> extend(Duration lockAtMostFor, Duration lockAtLeastFor) {
        check();
        return Optional.of(this);
      }
    }
  }
}
