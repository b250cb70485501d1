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
 */
public final class TransactionalOutboxPublisher implements SweepPublisher {

  private final Supplier<Producer<String, String>> producers;
  private final String cloudEventsSource;
  private @Nullable Producer<String, String> producer;

  /**
   * @param producers a new producer with the shared {@code transactional.id} each time: a fenced
   *     producer cannot be used again
   */
  public TransactionalOutboxPublisher(
      Supplier<Producer<String, String>> producers, String serviceName) {
    this.producers = producers;
    this.cloudEventsSource = KafkaOutboxPublisher.sourceOf(serviceName);
  }

  @Override
  public synchronized void takeOver() {
    resign();
    var fresh = producers.get();
    try {
      fresh.initTransactions();
    } catch (RuntimeException e) {
      fresh.close(Duration.ZERO);
      throw e;
    }
    producer = fresh;
  }

  @Override
  public synchronized void resign() {
    var current = producer;
    producer = null;
    if (current != null) {
      current.close(Duration.ZERO);
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
      var deadline = System.nanoTime() + KafkaOutboxPublisher.SEND_TIMEOUT.toNanos();
      for (var send : sends) {
        send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      current.commitTransaction();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(current);
      throw new KafkaException("Interrupted while publishing a sweep", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      if (fenced(e)) {
        resign();
        throw new FencedException(
            "Another instance took the outbox sweep over; this batch of "
                + batch.size()
                + " events was aborted",
            e);
      }
      abort(current);
      throw e instanceof RuntimeException runtime
          ? runtime
          : new KafkaException("A sweep's send failed", e);
    }
  }

  /**
   * Gives the transaction up; a producer that cannot even abort is closed, and the relay takes the
   * sweep over again with a new one (whose {@code initTransactions()} aborts what is left).
   */
  private void abort(Producer<String, String> current) {
    try {
      current.abortTransaction();
    } catch (RuntimeException e) {
      resign();
    }
  }

  private static boolean fenced(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException
          || cause instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }
}
