package dev.orderflow.platform.outbox;

import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
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
 * stalled past its lease ({@link SweepPublisher}). A message is marked published only after Kafka
 * acknowledged it; if anything fails in between it is sent again, so consumers see duplicates,
 * never gaps. What goes on the wire, and the faults that change it, are the publishers'.
 *
 * <p>Per-key order across instances rests on the writers: a writer hands over the earlier
 * unpublished messages of its key in front of its own (ADR 2), and consumers skip what they have by
 * version.
 */
public final class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final OutboxPublisher publisher;
  private final SweepPublisher sweeps;
  private final RelayLease lease;
  private final OutboxProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final TraceContext traces;
  private final BlockingQueue<OutboxMessage> handedOff;
  private final Map<String, OutboxSource> sources = new ConcurrentHashMap<>();
  private final Map<String, Counter> relayedBySource = new ConcurrentHashMap<>();
  private final Map<String, Counter> sweptBySource = new ConcurrentHashMap<>();
  private final Timer lag;
  private final Counter fenced;

  private volatile boolean running;
  private volatile boolean overflowed;
  private @Nullable Thread worker;
  private @Nullable Thread sweeper;
  private volatile List<OutboxMessage> unacknowledged = List.of();
  private boolean tookOver;
  private Instant nextSweep = Instant.MIN;

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
    this.handedOff = new LinkedBlockingQueue<>(properties.capacity());
    this.lag =
        Timer.builder("outbox.relay.lag")
            .description("Time from an event occurring to Kafka acknowledging it")
            .publishPercentileHistogram()
            .register(meters);
    Gauge.builder("outbox.backlog", this, relay -> relay.backlog())
        .description("Events stored and handed to the relay but not yet acknowledged by Kafka")
        .baseUnit("events")
        .register(meters);
    Gauge.builder("outbox.relay.leader", lease, l -> l.held() ? 1 : 0)
        .description(
            "1 on the instance that holds the sweep lease (it alone sweeps), 0 on the others;"
                + " every instance relays its own hand-offs")
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

  /** Registers a source; its unpublished messages are swept and marked through it. */
  public void register(OutboxSource source) {
    sources.put(source.name(), source);
  }

  /**
   * Hands over messages that were just stored, in the order they must be published. Never blocks:
   * if the queue is full the messages stay in their outbox and the next sweep publishes them.
   */
  public void handOff(List<OutboxMessage> messages) {
    for (var message : messages) {
      if (!handedOff.offer(message)) {
        overflowed = true;
        return;
      }
    }
  }

  /**
   * The trace context to store beside an event written now: the relay publishes it with the event,
   * so the trace goes on in every consumer although the relay publishes from its own thread, later.
   */
  public Optional<String> traceparent() {
    return traces.traceparent();
  }

  /** Events stored and handed over but not yet acknowledged by Kafka. */
  public int backlog() {
    return handedOff.size() + unacknowledged.size();
  }

  /** The fast path, on every instance: this instance's hand-offs, in the order handed over. */
  private void relayLoop() {
    while (running) {
      try {
        if (!unacknowledged.isEmpty()) {
          publish(publisher, unacknowledged);
          continue;
        }
        var batch = nextHandedOffBatch();
        if (!batch.isEmpty()) {
          publish(publisher, batch);
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

  /** Best effort: what is left now would otherwise wait for the lease holder's next sweep. */
  private void flushBeforeStopping() {
    if (handedOff.isEmpty() && unacknowledged.isEmpty()) {
      return;
    }
    try {
      var rest = new ArrayList<>(unacknowledged);
      handedOff.drainTo(rest);
      publish(publisher, rest);
    } catch (RuntimeException e) {
      log.warn(
          "Could not relay {} events before stopping; a sweep will: {}", backlog(), e.toString());
    }
  }

  /** The sweep, on the lease holder only. */
  private void sweepLoop() {
    while (running) {
      try {
        sweepOnce();
      } catch (RuntimeException e) {
        log.warn("Sweep failed, retrying in {}: {}", RETRY_PAUSE, e.toString());
        resign();
        pause(RETRY_PAUSE);
      }
    }
    resign();
  }

  private void sweepOnce() {
    if (!lease.hold()) {
      resign();
      pause(properties.lease().dividedBy(3));
      return;
    }
    if (!tookOver) {
      sweeps.takeOver();
      tookOver = true;
      nextSweep = Instant.MIN;
      log.info("This instance holds the outbox sweep lease {}", lease.name());
    }
    if (overflowed || !clock.instant().isBefore(nextSweep)) {
      sweep();
    } else {
      pause(POLL);
    }
  }

  private void resign() {
    if (tookOver) {
      tookOver = false;
      sweeps.resign();
    }
  }

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
          log.info("Sweep found {} unpublished events in {}", taken.size(), source.name());
          if (!publishSweep(taken)) {
            return;
          }
          sweptCounter(source.name()).increment(taken.size());
          forgetHandedOff(taken);
        }
      } while (found.size() == properties.batchSize() && !taken.isEmpty() && running && tookOver);
    }
  }

  /**
   * Publishes a sweep's batch; false if the publisher held it back or another instance has taken
   * the sweep over, in which case this one gives the lease up (without unlocking: it is the other
   * instance's now) and its batch stays in the outbox for the new holder.
   */
  private boolean publishSweep(List<OutboxMessage> batch) {
    try {
      if (!sweeps.publish(batch)) {
        return false;
      }
    } catch (SweepPublisher.FencedException e) {
      fenced.increment();
      tookOver = false;
      lease.abandon();
      log.warn(
          "Fenced: another instance took the outbox sweep over while this one stalled past its"
              + " lease; {} events were not published by this instance and stay in the outbox: {}",
          batch.size(),
          e.getMessage());
      return false;
    }
    marked(batch);
    return true;
  }

  /**
   * Leaves out the keys this instance's own hand-off path is publishing (queued, or sent and not
   * yet acknowledged): it publishes them in order, and a sweep that sent them too would only add
   * duplicates. A whole key is left out, never one of its events alone, so that the sweep cannot
   * put a later event of the key before an earlier one still in the queue; the next sweep takes
   * what is still unpublished then.
   */
  private List<OutboxMessage> notInFlight(List<OutboxMessage> found) {
    if (found.isEmpty() || (handedOff.isEmpty() && unacknowledged.isEmpty())) {
      return found;
    }
    var inFlight = new HashSet<String>();
    unacknowledged.forEach(message -> inFlight.add(message.key()));
    handedOff.forEach(message -> inFlight.add(message.key()));
    return found.stream().filter(message -> !inFlight.contains(message.key())).toList();
  }

  /**
   * Drops from the hand-off queue what a sweep has just published. An event stored and handed off
   * while a sweep ran is found by both; sent twice, every consumer would skip the second, but the
   * topic would carry it for nothing.
   */
  private void forgetHandedOff(List<OutboxMessage> published) {
    var ids = published.stream().map(OutboxMessage::eventId).collect(Collectors.toSet());
    handedOff.removeIf(message -> ids.contains(message.eventId()));
  }

  private List<OutboxMessage> nextHandedOffBatch() throws InterruptedException {
    var first = handedOff.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
    if (first == null) {
      return List.of();
    }
    var batch = new ArrayList<OutboxMessage>(properties.batchSize());
    batch.add(first);
    handedOff.drainTo(batch, properties.batchSize() - 1);
    return batch;
  }

  /**
   * Publishes a hand-off batch and marks it published; false if the publisher held it back. Until
   * it is acknowledged the batch is {@code unacknowledged}, sent before anything else: while it is
   * held back the hand-off queue fills, then overflows into the outboxes, and the sweep catches up
   * after.
   */
  private boolean publish(OutboxPublisher through, List<OutboxMessage> batch) {
    unacknowledged = batch;
    if (!through.publish(batch)) {
      pause(POLL);
      return false;
    }
    marked(batch);
    unacknowledged = List.of();
    return true;
  }

  private void marked(List<OutboxMessage> batch) {
    batch.stream()
        .collect(
            Collectors.groupingBy(OutboxMessage::source, LinkedHashMap::new, Collectors.toList()))
        .forEach(this::markPublished);
    var now = clock.instant();
    for (var message : batch) {
      lag.record(Duration.between(message.occurredAt(), now));
    }
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

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void start() {
    running = true;
    worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::relayLoop);
    sweeper = Thread.ofPlatform().name("outbox-sweep").daemon().start(this::sweepLoop);
  }

  @Override
  public void stop() {
    running = false;
    join(worker);
    join(sweeper);
    lease.release();
  }

  private static void join(@Nullable Thread stopping) {
    if (stopping != null) {
      try {
        stopping.join(KafkaOutboxPublisher.SEND_TIMEOUT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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
}
