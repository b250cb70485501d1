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
 * <p>Two ways in: a writer hands its messages over right after the write that stored them (the fast
 * path: no polling delay, no query), and the relay sweeps its {@link OutboxSource}s for messages
 * that were stored but never handed over (a crash between write and hand-off, a full queue, or a
 * write made by another instance). A message is marked published only after Kafka acknowledged it;
 * if anything fails in between, the batch is sent again, so consumers see duplicates, never gaps.
 *
 * <p>Only the instance that holds the {@link RelayLease} relays. The others drop their hand-offs,
 * which the leader's sweep picks up. What goes on the wire, and the faults that change it, are the
 * {@link OutboxPublisher}'s.
 */
public final class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final OutboxPublisher publisher;
  private final RelayLease lease;
  private final OutboxProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final TraceContext traces;
  private final BlockingQueue<OutboxMessage> handedOff;
  private final Map<String, OutboxSource> sources = new LinkedHashMap<>();
  private final Map<String, Counter> relayedBySource = new ConcurrentHashMap<>();
  private final Map<String, Counter> sweptBySource = new ConcurrentHashMap<>();
  private final Timer lag;

  private volatile boolean running;
  private volatile boolean overflowed;
  private @Nullable Thread worker;
  private List<OutboxMessage> unacknowledged = List.of();
  private Instant nextSweep = Instant.MIN;

  public OutboxRelay(
      OutboxPublisher publisher,
      LockProvider locks,
      OutboxProperties properties,
      String serviceName,
      Clock clock,
      MeterRegistry meters,
      TraceContext traces) {
    this.publisher = publisher;
    this.lease = new RelayLease(locks, serviceName + "-outbox-relay", properties.lease(), clock);
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
        .description("1 on the instance that currently relays, 0 on the others")
        .register(meters);
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

  private void relayLoop() {
    while (running) {
      try {
        relayOnce();
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

  /** Best effort: what is left now would otherwise wait for the next start's sweep. */
  private void flushBeforeStopping() {
    if (!lease.held() || (handedOff.isEmpty() && unacknowledged.isEmpty())) {
      return;
    }
    try {
      var rest = new ArrayList<>(unacknowledged);
      handedOff.drainTo(rest);
      publish(rest);
    } catch (RuntimeException e) {
      log.warn(
          "Could not relay {} events before stopping; the next sweep will: {}",
          backlog(),
          e.toString());
    }
  }

  private void relayOnce() throws InterruptedException {
    if (!lease.hold()) {
      handedOff.clear();
      unacknowledged = List.of();
      nextSweep = Instant.MIN;
      pause(properties.lease().dividedBy(3));
      return;
    }
    if (!unacknowledged.isEmpty()) {
      publish(unacknowledged);
      return;
    }
    if (overflowed || !clock.instant().isBefore(nextSweep)) {
      sweep();
      return;
    }
    var batch = nextHandedOffBatch();
    if (!batch.isEmpty()) {
      publish(batch);
    }
  }

  private void sweep() {
    overflowed = false;
    nextSweep = clock.instant().plus(properties.sweepInterval());
    var storedBefore = clock.instant().minus(properties.sweepGrace());
    for (var source : sources.values()) {
      List<OutboxMessage> found;
      do {
        found = source.findUnpublished(storedBefore, properties.batchSize());
        if (!found.isEmpty()) {
          log.info("Sweep found {} unpublished events in {}", found.size(), source.name());
          sweptCounter(source.name()).increment(found.size());
          if (!publish(found)) {
            return;
          }
          forgetHandedOff(found);
        }
      } while (found.size() == properties.batchSize() && running);
    }
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
   * Publishes a batch and marks it published; false if the publisher held it back. Until it is
   * acknowledged the batch is {@code unacknowledged}, sent before anything else: while it is held
   * back the hand-off queue fills, then overflows into the outboxes, and the sweep catches up
   * after.
   */
  private boolean publish(List<OutboxMessage> batch) {
    unacknowledged = batch;
    if (!publisher.publish(batch)) {
      pause(POLL);
      return false;
    }
    batch.stream()
        .collect(
            Collectors.groupingBy(OutboxMessage::source, LinkedHashMap::new, Collectors.toList()))
        .forEach(this::markPublished);
    unacknowledged = List.of();
    var now = clock.instant();
    for (var message : batch) {
      lag.record(Duration.between(message.occurredAt(), now));
    }
    return true;
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
  }

  @Override
  public void stop() {
    running = false;
    var stopping = worker;
    if (stopping != null) {
      try {
        stopping.join(KafkaOutboxPublisher.SEND_TIMEOUT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopping.interrupt();
    }
    lease.release();
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
