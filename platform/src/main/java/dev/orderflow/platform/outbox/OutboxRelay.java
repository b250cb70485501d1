package dev.orderflow.platform.outbox;

import dev.orderflow.platform.metrics.StoredCount;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.core.LockProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes what the outboxes stored, at least once and, for each key, in the order it was stored.
 *
 * <p>Two ways in. The fast path: a writer hands its messages over right after the write that stored
 * them, and every instance publishes its own hand-offs at once, in the order handed over, with the
 * service's idempotent producer (no polling delay, no query, no lease). The sweep: the instance
 * that holds the {@link RelayLease} looks through the {@link OutboxSource}s for messages that were
 * stored but never published (a crash between write and hand-off, a full queue, an instance that
 * died with its queue) and publishes them in transactions that fence off a former holder that
 * stalled past its lease ({@link SweepPublisher}); it renews the lease before each batch and takes
 * the sweep over with a new producer whenever its lock is a new one. A message is marked published
 * only after Kafka acknowledged it; if anything fails in between it is sent again, so consumers see
 * duplicates, never gaps. The fast path marks what Kafka acknowledged every {@code mark-interval},
 * many batches in one command per source (each command costs the embedded MongoDB a commit);
 * meanwhile the sweep leaves those keys alone, and a writer's hand-off leaves those messages out,
 * as published. What goes on the wire, and the faults that change it, are the publishers'.
 *
 * <p>Per-key order across instances rests on the writers: a writer hands over the earlier
 * unpublished messages of its key in front of its own (ADR 2), and consumers skip what they have by
 * version.
 *
 * <p>{@code outbox_backlog_events} is what the outboxes hold unpublished for longer than the sweep
 * grace: what a sweep would take, not the events in flight, so a healthy relay shows about 0 at any
 * rate. Every instance counts it in the sources every {@code backlog-count-interval} (the sweep
 * interval unless set), whether or not it holds the lease or its relay runs ({@link StoredCount}:
 * NaN when it cannot be counted, or when three counts were missed); {@code
 * outbox_relay_queued_events} is this instance's hand-offs not yet acknowledged.
 */
public final class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  /** The most unpublished events counted in one source: far above the alert's 100. */
  static final int COUNT_LIMIT = 10_000;

  /** Beyond three count intervals, how much older a count may be before it is not shown. */
  private static final Duration COUNT_STALE_MARGIN = Duration.ofSeconds(5);

  /**
   * How long {@link #stop} waits for both threads together, well inside the 30 s a container gets
   * between SIGTERM and SIGKILL; the sweeper gives its lease up before it ends.
   */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final OutboxPublisher publisher;
  private final SweepPublisher sweeps;
  private final RelayLease lease;
  private final OutboxProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final TraceContext traces;
  private final HandOffQueue handOffs;
  private final Map<String, OutboxSource> sources = new ConcurrentHashMap<>();
  private final Map<String, Counter> relayedBySource = new ConcurrentHashMap<>();
  private final Map<String, Counter> sweptBySource = new ConcurrentHashMap<>();
  private final Timer lag;
  private final Counter fenced;
  private final Counter markFailures;
  private final Counter unmarkedDropped;
  private final StoredCount backlog;

  private volatile boolean running;

  /** Counted down by {@link #stop()}: ends every pause of both threads at once. */
  private volatile CountDownLatch stopSignal = new CountDownLatch(0);

  private volatile boolean overflowed;
  private @Nullable Thread worker;
  private @Nullable Thread sweeper;
  private @Nullable ScheduledExecutorService counter;
  // The sweeper thread's own.
  private boolean tookOver;
  private Instant nextSweep = Instant.MIN;
  // The relay thread's own: when the published messages are next marked (System.nanoTime).
  private long nextMark = System.nanoTime();

  /**
   * A relay that sweeps with the same publisher as it hands off, fencing nothing: for tests and
   * tools that run one instance.
   */
  public OutboxRelay(
      OutboxPublisher publisher,
      LockProvider locks,
      OutboxProperties properties,
      String serviceName,
      Clock clock,
      MeterRegistry meters,
      TraceContext traces) {
    this(
        publisher,
        SweepPublisher.unfenced(publisher),
        locks,
        properties,
        serviceName,
        clock,
        meters,
        traces);
  }

  /**
   * @param publisher publishes hand-offs, on every instance
   * @param sweeps publishes sweeps, on the lease holder only
   */
  public OutboxRelay(
      OutboxPublisher publisher,
      SweepPublisher sweeps,
      LockProvider locks,
      OutboxProperties properties,
      String serviceName,
      Clock clock,
      MeterRegistry meters,
      TraceContext traces) {
    this.publisher = publisher;
    this.sweeps = sweeps;
    this.lease = new RelayLease(locks, leaseName(serviceName), properties.lease(), clock);
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.traces = traces;
    this.handOffs = new HandOffQueue(properties.capacity());
    this.lag =
        Timer.builder("outbox.relay.lag")
            .description("Time from an event occurring to Kafka acknowledging it")
            .publishPercentileHistogram()
            .register(meters);
    this.backlog =
        StoredCount.register(
            "outbox.backlog",
            "Events stored in the service's outboxes longer than the sweep grace and not yet"
                + " published, as this instance last counted them (at most "
                + COUNT_LIMIT
                + " a source)",
            "events",
            properties.backlogCountEvery().multipliedBy(3).plus(COUNT_STALE_MARGIN),
            meters);
    Gauge.builder("outbox.relay.queued", this, OutboxRelay::queued)
        .description("Events this instance was handed and Kafka has not acknowledged yet")
        .baseUnit("events")
        .register(meters);
    Gauge.builder("outbox.relay.unmarked", this, OutboxRelay::unmarked)
        .description(
            "Events this instance published that are not yet marked published in their outbox")
        .baseUnit("events")
        .register(meters);
    this.markFailures =
        Counter.builder("outbox.relay.mark.failures")
            .description(
                "Attempts to mark published events published that failed; tried again a second"
                    + " later")
            .register(meters);
    this.unmarkedDropped =
        Counter.builder("outbox.relay.unmarked.dropped")
            .description(
                "Published events let go unmarked because too many waited for their marks; a"
                    + " sweep publishes them again")
            .baseUnit("events")
            .register(meters);
    this.fenced =
        Counter.builder("outbox.relay.fenced")
            .description(
                "Sweeps refused because another instance had taken the sweep over: this instance"
                    + " had stalled past its lease; its batch was aborted and it gave up the lease")
            .register(meters);
  }

  /**
   * The name of a service's sweep lease, which is also the {@code transactional.id} its sweeps are
   * published under.
   */
  public static String leaseName(String serviceName) {
    return serviceName + "-outbox-sweep";
  }

  /**
   * Registers a source; its unpublished messages are swept and marked through it. A service without
   * any source (projection-service) never competes for the sweep lease, never opens a sweep
   * producer and has no {@code outbox.relay.leader} gauge.
   */
  public void register(OutboxSource source) {
    var first = sources.isEmpty();
    sources.put(source.name(), source);
    if (!first) {
      // One gauge per service, however many sources (inventory-service has two).
      return;
    }
    Gauge.builder("outbox.relay.leader", lease, l -> l.held() ? 1 : 0)
        .description(
            "1 on the instance that holds the sweep lease (it alone sweeps), 0 on the others;"
                + " every instance relays its own hand-offs")
        .register(meters);
  }

  /**
   * Hands over messages that were just stored, in the order they must be published. Never blocks:
   * if the queue cannot take all of them, it takes none, they stay in their outbox and a sweep
   * publishes them (a source may mark a whole document published once any of its events was).
   */
  public void handOff(List<OutboxMessage> messages) {
    if (!handOffs.offer(messages)) {
      overflowed = true;
    }
  }

  /**
   * The trace context to store beside an event written now: the relay publishes it with the event,
   * so the trace goes on in every consumer although the relay publishes from its own thread, later.
   */
  public Optional<String> traceparent() {
    return traces.traceparent();
  }

  /** Events stored and handed to this instance but not yet acknowledged by Kafka. */
  public int queued() {
    return handOffs.size();
  }

  /** Events this instance published that wait to be marked published in their outbox. */
  public int unmarked() {
    return handOffs.unmarkedCount();
  }

  /**
   * Counts what every source holds unpublished for longer than the sweep grace, for {@code
   * outbox_backlog_events}: what a sweep now would take.
   */
  void countBacklog() {
    var storedBefore = clock.instant().minus(properties.sweepGrace());
    backlog.refresh(() ->
        sources.values().stream()
            .mapToLong(source -> source.countUnpublished(storedBefore, COUNT_LIMIT))
            .sum());
  }

  /**
   * The fast path, on every instance: this instance's hand-offs, in the order handed over. A batch
   * stays unacknowledged, and is sent first, until Kafka has acknowledged it: while the publisher
   * holds it back the queue fills, then overflows into the outboxes, and the sweep catches up
   * after. What Kafka acknowledged is marked published at most every {@code mark-interval}, many
   * batches in one command per source, on this thread between two batches ({@link #markDue}).
   */
  private void relayLoop() {
    while (running) {
      try {
        var batch = handOffs.next(properties.batchSize(), untilMarkDue());
        if (!batch.isEmpty()) {
          if (publisher.publish(batch)) {
            acknowledged(batch);
          } else {
            pause(POLL);
          }
        }
        if (System.nanoTime() - nextMark >= 0) {
          markDue();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("Relay pass failed, retrying in {}: {}", RETRY_PAUSE, e.toString());
        pause(RETRY_PAUSE);
      }
    }
    flushBeforeStopping();
  }

  /** How long the loop may wait for hand-offs: until the next marks are due, if any wait. */
  private Duration untilMarkDue() {
    if (handOffs.unmarkedCount() == 0) {
      return POLL;
    }
    var left = Duration.ofNanos(nextMark - System.nanoTime());
    return left.compareTo(POLL) > 0 ? POLL : left;
  }

  /** Kafka acknowledged {@code batch}: its lag, and on to the messages waiting for a mark. */
  private void acknowledged(List<OutboxMessage> batch) {
    var dropped = handOffs.acknowledged();
    recordLag(batch);
    if (dropped > 0) {
      unmarkedDropped.increment(dropped);
      log.warn(
          "{} published events could not be kept until they are marked published (more than {}"
              + " wait); a sweep publishes them again",
          dropped,
          properties.capacity());
    }
  }

  /**
   * Marks published, with one command per source, every message Kafka acknowledged since the last
   * marks. A source whose marks fail keeps its messages waiting (the sweep leaves their keys alone
   * meanwhile) and is tried again after {@link #RETRY_PAUSE}.
   */
  private void markDue() {
    nextMark = System.nanoTime() + properties.markInterval().toNanos();
    var unmarked = handOffs.unmarked();
    if (unmarked.isEmpty()) {
      return;
    }
    bySource(unmarked)
        .forEach((source, messages) -> {
          try {
            markPublished(source, messages);
            handOffs.marked(messages);
          } catch (RuntimeException e) {
            markFailures.increment();
            nextMark = System.nanoTime() + RETRY_PAUSE.toNanos();
            log.warn(
                "Could not mark {} published events of {} published, trying again in {}: {}",
                messages.size(),
                source,
                RETRY_PAUSE,
                e.toString());
          }
        });
  }

  /** Best effort: what is left now would otherwise wait for the lease holder's next sweep. */
  private void flushBeforeStopping() {
    try {
      if (handOffs.size() > 0) {
        var rest = handOffs.drain();
        if (publisher.publish(rest)) {
          acknowledged(rest);
        }
      }
      markDue();
    } catch (RuntimeException e) {
      log.warn(
          "Could not relay {} events before stopping; a sweep will: {}", queued(), e.toString());
    }
  }

  /**
   * The sweep, on the lease holder only. A failure in Kafka drops the sweep producer, and the next
   * pass takes the sweep over again with a new one; a failure in MongoDB only waits and tries
   * again. On the way out it gives the lease up, so that another instance takes over at once.
   */
  private void sweepLoop() {
    while (running) {
      try {
        sweepOnce();
      } catch (SweepFailed e) {
        log.warn(
            "Sweep failed in Kafka, taking it over again with a new producer in {}: {}",
            RETRY_PAUSE,
            e.getMessage());
        resign();
        pause(RETRY_PAUSE);
      } catch (RuntimeException e) {
        log.warn("Sweep failed, retrying in {}: {}", RETRY_PAUSE, e.toString());
        pause(RETRY_PAUSE);
      }
    }
    // Stopping: an interrupt from stop() must not keep the producer from ending a transaction.
    var interrupted = Thread.interrupted();
    try {
      resign();
      lease.release();
    } catch (RuntimeException e) {
      log.warn("Could not give the outbox sweep up cleanly: {}", e.toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void sweepOnce() {
    if (sources.isEmpty()) {
      pause(RETRY_PAUSE);
      return;
    }
    if (!holdLease()) {
      pause(properties.lease().dividedBy(3));
      return;
    }
    if (overflowed || !clock.instant().isBefore(nextSweep)) {
      sweep();
    } else {
      pause(POLL);
    }
  }

  /**
   * True if this instance holds the lease and has taken the sweep over under it. A lock that is new
   * (first acquired, or won again after this instance stalled past its lease, when another may have
   * swept in between and fenced this one's producer) gets a new producer; so does the first pass
   * after a failure in Kafka. Taking over can block (up to the sweep producer's {@code
   * max.block.ms}), so the lease is looked at again afterwards.
   */
  private boolean holdLease() {
    var hold = lease.hold();
    if (hold == RelayLease.Hold.KEPT && tookOver) {
      return true;
    }
    resign();
    if (hold == RelayLease.Hold.LOST) {
      return false;
    }
    try {
      sweeps.takeOver();
    } catch (RuntimeException e) {
      throw new SweepFailed(e);
    }
    tookOver = true;
    nextSweep = Instant.MIN;
    if (lease.hold() != RelayLease.Hold.KEPT) {
      resign();
      return false;
    }
    log.info("This instance holds the outbox sweep lease {}", lease.name());
    return true;
  }

  private void resign() {
    if (tookOver) {
      tookOver = false;
      sweeps.resign();
    }
  }

  /**
   * One pass over every source, a batch at a time, the lease renewed before each batch: a long
   * backlog does not outlast it.
   */
  private void sweep() {
    overflowed = false;
    nextSweep = clock.instant().plus(properties.sweepInterval());
    var storedBefore = clock.instant().minus(properties.sweepGrace());
    for (var source : sources.values()) {
      List<OutboxMessage> found;
      List<OutboxMessage> taken;
      do {
        found = source.findUnpublished(storedBefore, properties.batchSize());
        taken = notInFlight(found);
        if (!taken.isEmpty()) {
          if (!holdLease()) {
            return;
          }
          log.info("Sweep found {} unpublished events in {}", taken.size(), source.name());
          if (!publishSweep(taken)) {
            return;
          }
          sweptCounter(source.name()).increment(taken.size());
          handOffs.forget(taken.stream().map(OutboxMessage::eventId).collect(Collectors.toSet()));
        }
      } while (found.size() >= properties.batchSize() && !taken.isEmpty() && running);
    }
  }

  /**
   * Publishes a sweep's batch; false if the publisher held it back or another instance has taken
   * the sweep over. Fenced after its lease ran out, this instance stalled: it gives the lease up
   * without unlocking it (it is the other instance's now) and its batch stays in the outbox for the
   * new holder. Fenced while its lease still ran, it gives the lease up at once (unlocking it), and
   * whichever instance takes it next starts with a new producer.
   */
  private boolean publishSweep(List<OutboxMessage> batch) {
    try {
      if (!sweeps.publish(batch)) {
        return false;
      }
    } catch (SweepPublisher.FencedException e) {
      tookOver = false;
      if (lease.held()) {
        lease.release();
        log.warn(
            "The sweep producer was fenced while this instance held the lease; gave the lease up,"
                + " {} events stay in the outbox: {}",
            batch.size(),
            e.getMessage());
      } else {
        fenced.increment();
        lease.abandon();
        log.warn(
            "Fenced: another instance took the outbox sweep over while this one stalled past its"
                + " lease; {} events were not published by this instance and stay in the outbox:"
                + " {}",
            batch.size(),
            e.getMessage());
      }
      return false;
    } catch (RuntimeException e) {
      throw new SweepFailed(e);
    }
    marked(batch);
    return true;
  }

  /**
   * Leaves out the keys this instance's own hand-off path is publishing (queued, or sent and not
   * yet acknowledged): it publishes them in order, and a sweep that sent them too would only add
   * duplicates. A whole key is left out, never one of its events alone, so that the sweep does not
   * send a later event of the key ahead of an earlier one still in this instance's queue; the next
   * sweep takes what is still unpublished then. (Order across instances rests on the writers, ADR
   * 2.)
   */
  private List<OutboxMessage> notInFlight(List<OutboxMessage> found) {
    if (found.isEmpty()) {
      return found;
    }
    var inFlight = handOffs.inFlightKeys();
    if (inFlight.isEmpty()) {
      return found;
    }
    return found.stream().filter(message -> !inFlight.contains(message.key())).toList();
  }

  /** A sweep's batch, published: marked at once, since its keys are in no queue. */
  private void marked(List<OutboxMessage> batch) {
    markPublished(batch);
    recordLag(batch);
  }

  /**
   * The {@code outbox.relay.lag} of each message: from its event until Kafka acknowledged it, now.
   */
  private void recordLag(List<OutboxMessage> batch) {
    var now = clock.instant();
    for (var message : batch) {
      lag.record(Duration.between(message.occurredAt(), now));
    }
  }

  private void markPublished(List<OutboxMessage> messages) {
    bySource(messages).forEach(this::markPublished);
  }

  private static Map<String, List<OutboxMessage>> bySource(List<OutboxMessage> messages) {
    return messages.stream()
        .collect(
            Collectors.groupingBy(OutboxMessage::source, LinkedHashMap::new, Collectors.toList()));
  }

  private void markPublished(String sourceName, List<OutboxMessage> messages) {
    var source = sources.get(sourceName);
    if (source == null) {
      throw new IllegalStateException("No outbox source named " + sourceName);
    }
    source.markPublished(messages);
    relayedCounter(sourceName).increment(messages.size());
  }

  private Counter relayedCounter(String source) {
    return relayedBySource.computeIfAbsent(
        source,
        s ->
            Counter.builder("outbox.relayed")
                .description("Events published to Kafka and marked published")
                .baseUnit("events")
                .tag("source", s)
                .register(meters));
  }

  private Counter sweptCounter(String source) {
    return sweptBySource.computeIfAbsent(
        source,
        s ->
            Counter.builder("outbox.swept")
                .description("Events found by a sweep rather than handed over by their writer")
                .baseUnit("events")
                .tag("source", s)
                .register(meters));
  }

  /**
   * Waits {@code duration}, or less if the relay is stopped meanwhile: a pause between two sweeps
   * (a third of the lease on an instance that does not hold it) must not hold up a shutdown.
   */
  private void pause(Duration duration) {
    try {
      var unused = stopSignal.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void start() {
    stopSignal = new CountDownLatch(1);
    running = true;
    nextMark = System.nanoTime() + properties.markInterval().toNanos();
    worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::relayLoop);
    sweeper = Thread.ofPlatform().name("outbox-sweep").daemon().start(this::sweepLoop);
    var count =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("outbox-count").daemon().factory());
    var every = properties.backlogCountEvery().toMillis();
    var unused = count.scheduleWithFixedDelay(this::countBacklog, 0, every, TimeUnit.MILLISECONDS);
    counter = count;
  }

  /**
   * Lets both threads finish within one {@link #STOP_TIMEOUT}: the relay's last hand-offs, the
   * sweeper's batch, its producer closed and its lease given up; interrupts what is still running
   * then.
   */
  @Override
  public void stop() {
    running = false;
    stopSignal.countDown();
    var count = counter;
    if (count != null) {
      count.shutdownNow();
      counter = null;
    }
    var deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    join(sweeper, deadline);
    join(worker, deadline);
  }

  private static void join(@Nullable Thread stopping, long deadline) {
    if (stopping == null) {
      return;
    }
    try {
      stopping.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (stopping.isAlive()) {
        stopping.interrupt();
        // Enough to abort a transaction and give the lease up.
        stopping.join(Duration.ofSeconds(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Stops after the Kafka listeners and the web server (lifecycles stop from the highest phase
   * down), so that their last writes still get relayed.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  /** A sweep failed in Kafka (taking over, sending, committing): its producer is not trusted. */
  private static final class SweepFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SweepFailed(RuntimeException cause) {
      super(cause.toString(), cause);
    }
  }
}
