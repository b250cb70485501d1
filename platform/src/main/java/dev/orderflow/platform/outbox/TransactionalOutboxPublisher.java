package dev.orderflow.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.jspecify.annotations.Nullable;

/**
 * Publishes each sweep as one Kafka transaction, under a {@code transactional.id} that every
 * instance of the service shares ({@code <service>-outbox-sweep}). {@link #takeOver} opens a new
 * producer and calls {@code initTransactions()}, which bumps the id's epoch: the broker aborts the
 * transaction a former sweeper left open and refuses everything that producer sends or commits from
 * then on ({@link ProducerFencedException}).
 *
 * <p>So a lease holder that stalled past its lease and wakes up in the middle of a sweep gets a
 * {@link SweepPublisher.FencedException}: what it had sent is aborted, invisible to consumers (they
 * read with {@code isolation.level=read_committed}), and the events stay unpublished in their
 * outbox, where the new holder's sweep finds them.
 *
 * <p>Only {@link ProducerFencedException} means another instance took over. Anything else (an
 * {@link InvalidProducerEpochException} after the broker timed the transaction out, a send that
 * timed out, a broker away) aborts the transaction and is thrown as it is: the relay takes the
 * sweep over again with a new producer and retries. Every wait is bounded by {@code timeout}, a
 * fraction of the lease, so that a healthy holder's batch ends well inside the lease it renewed
 * before it.
 */
public final class TransactionalOutboxPublisher implements SweepPublisher {

  private final Supplier<Producer<String, String>> producers;
  private final String cloudEventsSource;
  private final Duration timeout;
  private @Nullable Producer<String, String> producer;

  /**
   * @param producers a new producer with the shared {@code transactional.id} each time: a fenced
   *     producer cannot be used again
   * @param timeout how long a batch's sends may take to be acknowledged, and a producer to close
   */
  public TransactionalOutboxPublisher(
      Supplier<Producer<String, String>> producers, String serviceName, Duration timeout) {
    this.producers = producers;
    this.cloudEventsSource = KafkaOutboxPublisher.sourceOf(serviceName);
    this.timeout = timeout;
  }

  @Override
  public synchronized void takeOver() {
    resign();
    var fresh = producers.get();
    try {
      fresh.initTransactions();
    } catch (RuntimeException e) {
      close(fresh, Duration.ZERO);
      throw e;
    }
    producer = fresh;
  }

  /** Closes the producer, aborting a transaction it may have left open (unless fenced). */
  @Override
  public synchronized void resign() {
    var current = producer;
    producer = null;
    if (current != null) {
      close(current, timeout);
    }
  }

  @Override
  public synchronized boolean publish(List<OutboxMessage> batch) {
    var current = producer;
    if (current == null) {
      throw new IllegalStateException("No sweep producer: take the sweep over (again) first");
    }
    try {
      current.beginTransaction();
      var sends = new ArrayList<Future<RecordMetadata>>(batch.size());
      for (var message : batch) {
        sends.add(current.send(KafkaOutboxPublisher.record(message, cloudEventsSource)));
      }
      var deadline = System.nanoTime() + timeout.toNanos();
      for (var send : sends) {
        send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      current.commitTransaction();
      return true;
    } catch (InterruptedException e) {
      abortOrFenced(current, batch, e);
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while publishing a sweep", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      abortOrFenced(current, batch, e);
      throw e instanceof RuntimeException runtime
          ? runtime
          : new KafkaException("A sweep's send failed", e);
    }
  }

  /**
   * Ends the failed transaction. If the failure, or the abort, says another instance took over,
   * throws {@link SweepPublisher.FencedException}; a producer that cannot abort is closed.
   */
  private void abortOrFenced(
      Producer<String, String> current, List<OutboxMessage> batch, Exception failure) {
    if (!fenced(failure)) {
      // An interrupt (from stopping) would make the abort fail and leave the transaction open,
      // holding back read_committed consumers of its partitions.
      var interrupted = Thread.interrupted();
      try {
        current.abortTransaction();
        return;
      } catch (RuntimeException e) {
        if (!fenced(e)) {
          failure.addSuppressed(e);
          resign();
          return;
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    producer = null;
    close(current, Duration.ZERO);
    throw new FencedException(
        "Another instance took the outbox sweep over; this batch of "
            + batch.size()
            + " events was aborted",
        failure);
  }

  private static void close(Producer<String, String> producer, Duration timeout) {
    var interrupted = Thread.interrupted();
    try {
      producer.close(timeout);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean fenced(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException) {
        return true;
      }
    }
    return false;
  }
}
