package dev.orderflow.platform.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.core.LockProvider;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

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
 * which the leader's sweep picks up.
 */
public final class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final String TRACEPARENT = "traceparent";

  private final KafkaOperations<String, String> kafka;
  private final RelayLease lease;
  private final OutboxProperties properties;
  private final String cloudEventsSource;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Faults faults;
  private final TraceContext traces;
  private Fault paused;
  private Fault duplicating;
  private final BlockingQueue<OutboxMessage> handedOff;
  private final Map<String, OutboxSource> sources = new LinkedHashMap<>();
  private final Map<String, Counter> relayedBySource = new ConcurrentHashMap<>();
  private final Map<String, Counter> sweptBySource = new ConcurrentHashMap<>();
  private final Timer lag;

  private volatile boolean running;
  private volatile boolean overflowed;
  private Thread worker;
  private List<OutboxMessage> unacknowledged = List.of();
  private Instant nextSweep = Instant.MIN;

  public OutboxRelay(
      KafkaOperations<String, String> kafka,
      LockProvider locks,
      OutboxProperties properties,
      String serviceName,
      Clock clock,
      MeterRegistry meters,
      Faults faults,
      TraceContext traces) {
    this.kafka = kafka;
    this.lease = new RelayLease(locks, serviceName + "-outbox-relay", properties.lease(), clock);
    this.properties = properties;
    this.cloudEventsSource = CloudEventHeaders.sourceOf(serviceName);
    this.clock = clock;
    this.meters = meters;
    this.faults = faults;
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
    if (paused.active()) {
      // The hand-off queue fills, then overflows into the outboxes; the sweep catches up after.
      pause(POLL);
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
          publish(found);
        }
      } while (found.size() == properties.batchSize() && running);
    }
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

  private void publish(List<OutboxMessage> batch) {
    unacknowledged = batch;
    if (paused.active()) {
      return; // kept, and sent first once the pause ends
    }

    var sends = new ArrayList<CompletableFuture<SendResult<String, String>>>(batch.size());
    for (var message : batch) {
      sends.add(kafka.send(record(message)));
      if (duplicating.active()) {
        sends.add(kafka.send(record(message)));
      }
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .join();
    batch.stream()
        .collect(
            Collectors.groupingBy(OutboxMessage::source, LinkedHashMap::new, Collectors.toList()))
        .forEach(this::markPublished);
    unacknowledged = List.of();
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

  private ProducerRecord<String, String> record(OutboxMessage message) {
    var record = new ProducerRecord<>(message.topic(), null, message.key(), message.payload());
    var headers = record.headers();
    headers.add(header(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE));
    headers.add(header(CloudEventHeaders.ID, message.eventId()));
    headers.add(header(CloudEventHeaders.TYPE, message.type()));
    headers.add(header(CloudEventHeaders.SOURCE, cloudEventsSource));
    headers.add(header(CloudEventHeaders.TIME, message.occurredAt().toString()));
    headers.add(header(CloudEventHeaders.SUBJECT, message.key()));
    headers.add(header(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
    if (message.traceparent() != null) {
      headers.add(header(TRACEPARENT, message.traceparent()));
    }
    return record;
  }

  private static RecordHeader header(String name, String value) {
    return new RecordHeader(name, value.getBytes(UTF_8));
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

  /**
   * Every service has a relay and so these faults; where nothing is relayed they change nothing.
   * Registered at the first start only: a context stopped and started again (as the test framework
   * does with contexts it keeps) starts the same relay again.
   */
  @Override
  public void start() {
    if (paused == null) {
      paused =
          faults.register(
              "relay-pause",
              "The outbox relay stops publishing: events pile up in the outboxes, consumers see"
                  + " nothing new, the backlog grows; switching it off publishes everything, in"
                  + " order.");
      duplicating =
          faults.register(
              "duplicate-delivery",
              "The outbox relay publishes every event twice: consumers must turn each duplicate"
                  + " into a no-op.");
    }
    running = true;
    worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::relayLoop);
  }

  @Override
  public void stop() {
    running = false;
    if (worker != null) {
      try {
        worker.join(SEND_TIMEOUT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker.interrupt();
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
