package dev.orderflow.projection.stream;

import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.stock.StockViewChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Announces each change the live generation applies to the changes topic, from which every
 * instance's {@link LiveChanges} reads it (this one's too).
 *
 * <p>Sending only hands the record to the producer, which sends a poll's announcements together
 * (they are made on the listener thread, one per applied change; {@code linger.ms} 2). {@link
 * #awaitSent} ends the poll: it waits until the broker has acknowledged them, so that the listener
 * commits the poll's offsets after its announcements are on the topic, and a process that dies in
 * between re-applies the records, finds them applied, and announces them again.
 *
 * <p>Best effort beyond that, and the projection never waits long for the stream:
 *
 * <ul>
 *   <li>{@link #awaitSent} waits for the poll's announcements at most {@code deadline} (2 s) in
 *       all, then lets the poll end; what is still unacknowledged then is not waited for (the
 *       producer delivers it late or fails it, within its delivery timeout);
 *   <li>a send, an acknowledgement, or a poll's deadline that fails opens a breaker: the
 *       announcements after it are dropped without being sent, so a topic that is missing or cannot
 *       take writes (fewer in-sync replicas than its min ISR) costs the listener one wait, not one
 *       per change or per poll. Every {@code probeEvery} (5 s) one announcement is sent as a probe;
 *       the first announcement the broker acknowledges closes the breaker.
 * </ul>
 *
 * <p>Announcements that fail, and those dropped while the breaker is open, are counted in {@code
 * projection_stream_announcements_failed_total} and never retried; {@code
 * projection_stream_announcements_paused} is 1 while the breaker is open. The views have the
 * changes: a subscriber sees the view with its next streamed change, or when it reloads.
 */
public class ChangeAnnouncer implements AutoCloseable {

  static final Duration DEADLINE = Duration.ofSeconds(2);
  static final Duration PROBE_EVERY = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final long CLOSED = Long.MIN_VALUE;

  private static final Logger log = LoggerFactory.getLogger(ChangeAnnouncer.class);

  private final Producer<String, String> producer;
  private final ChangeRecords records;
  private final Duration deadline;
  private final Duration probeEvery;
  private final LongSupplier nanoTime;
  private final Counter failed;

  /** The announcements of the poll on this listener thread, sent and not yet awaited. */
  private final ThreadLocal<List<Future<RecordMetadata>>> pending =
      ThreadLocal.withInitial(ArrayList::new);

  /** When the breaker opened (or last let a probe through), {@link #CLOSED} while closed. */
  private volatile long openSince = CLOSED;

  private final AtomicBoolean probing = new AtomicBoolean();

  ChangeAnnouncer(Producer<String, String> producer, ChangeRecords records, MeterRegistry meters) {
    this(producer, records, meters, DEADLINE, PROBE_EVERY, System::nanoTime);
  }

  ChangeAnnouncer(
      Producer<String, String> producer,
      ChangeRecords records,
      MeterRegistry meters,
      Duration deadline,
      Duration probeEvery,
      LongSupplier nanoTime) {
    this.producer = producer;
    this.records = records;
    this.deadline = deadline;
    this.probeEvery = probeEvery;
    this.nanoTime = nanoTime;
    this.failed =
        Counter.builder("projection.stream.announcements.failed")
            .description(
                "Changes not announced to the changes topic (failed, or dropped while it could not"
                    + " take them): applied, but not streamed")
            .register(meters);
    Gauge.builder("projection.stream.announcements.paused", this, a -> a.paused() ? 1 : 0)
        .description("1 while announcements are dropped unsent, the changes topic having failed")
        .register(meters);
  }

  @EventListener
  void on(OrderViewChanged change) {
    announce(change);
  }

  @EventListener
  void on(StockViewChanged change) {
    announce(change);
  }

  /**
   * Whether the breaker is open: announcements are dropped unsent, but for a probe now and then.
   */
  boolean paused() {
    return openSince != CLOSED;
  }

  private void announce(Object change) {
    if (!admits()) {
      failed.increment();
      return;
    }
    try {
      pending
          .get()
          .add(
              producer.send(
                  records.recordOf(change),
                  (metadata, error) -> {
                    if (error == null) {
                      close("the changes topic took an announcement");
                    } else {
                      failed.increment();
                      open("an announcement failed: " + error);
                    }
                  }));
    } catch (KafkaException e) {
      failed.increment();
      open("an announcement could not be sent: " + e);
    }
  }

  /** Closed: yes. Open: only as the probe, once every {@code probeEvery}. */
  private boolean admits() {
    long since = openSince;
    if (since == CLOSED) {
      return true;
    }
    if (nanoTime.getAsLong() - since >= probeEvery.toNanos()
        && probing.compareAndSet(false, true)) {
      openSince = nanoTime.getAsLong();
      return true;
    }
    return false;
  }

  private void open(String why) {
    boolean wasClosed = openSince == CLOSED;
    openSince = nanoTime.getAsLong();
    probing.set(false);
    if (wasClosed) {
      log.warn(
          "Live stream announcements paused ({}); changes are dropped unsent, with a probe every {}",
          why,
          probeEvery);
    }
  }

  private void close(String why) {
    if (openSince != CLOSED) {
      openSince = CLOSED;
      probing.set(false);
      log.info("Live stream announcements resumed: {}", why);
    }
  }

  /**
   * Waits until the announcements this thread sent since its last call are acknowledged or have
   * failed, at most {@code deadline} in all; the end of a listener's poll. Past the deadline the
   * breaker opens and the poll ends anyway.
   */
  public void awaitSent() {
    var sent = pending.get();
    if (sent.isEmpty()) {
      return;
    }
    long until = nanoTime.getAsLong() + deadline.toNanos();
    try {
      for (var future : sent) {
        long left = until - nanoTime.getAsLong();
        try {
          future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          // Counted by the send's callback.
        } catch (TimeoutException e) {
          open("the changes topic did not acknowledge a poll's announcements within " + deadline);
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sent.clear();
    }
  }

  /** Sends what is buffered, waiting at most five seconds, and closes the producer. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
