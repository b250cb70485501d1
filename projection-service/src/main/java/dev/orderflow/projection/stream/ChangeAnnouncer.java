package dev.orderflow.projection.stream;

import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.stock.StockViewChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Announces each change the live generation applies to the changes topic, from which every
 * instance's {@link LiveChanges} reads it (this one's too).
 *
 * <p>Sending only hands the record to the producer, which batches a poll's announcements (they are
 * made on the listener thread, one per applied change). {@link #awaitSent} ends the poll: it sends
 * what is buffered at once and waits until the broker has it, so the listener commits the poll's
 * offsets only after its announcements are on the topic. A process that dies in between re-applies
 * the records, finds them applied, and announces them again: at least once.
 *
 * <p>Best effort beyond that: an announcement the broker does not take within the producer's
 * delivery timeout is dropped, logged and counted ({@code
 * projection_stream_announcements_failed_total}); the views have the change, subscribers see it
 * with the order's next change or when they reload. The projection never waits for the stream
 * longer than that timeout.
 */
public class ChangeAnnouncer implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ChangeAnnouncer.class);

  private final Producer<String, String> producer;
  private final ChangeRecords records;
  private final Counter failed;

  ChangeAnnouncer(Producer<String, String> producer, ChangeRecords records, MeterRegistry meters) {
    this.producer = producer;
    this.records = records;
    this.failed =
        Counter.builder("projection.stream.announcements.failed")
            .description(
                "Changes the changes topic did not take in time: applied, but not streamed")
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

  private void announce(Object change) {
    try {
      producer.send(
          records.recordOf(change),
          (metadata, error) -> {
            if (error != null) {
              failed(error);
            }
          });
    } catch (KafkaException e) {
      failed(e);
    }
  }

  private void failed(Exception error) {
    failed.increment();
    log.warn("A change was not announced to the live stream: {}", error.toString());
  }

  /**
   * Sends every buffered announcement now and waits until each is acknowledged or has failed (at
   * most the producer's delivery timeout); the end of a listener's poll.
   */
  public void awaitSent() {
    try {
      producer.flush();
    } catch (KafkaException e) {
      failed(e);
    }
  }

  /** Sends what is buffered, waiting at most five seconds, and closes the producer. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
