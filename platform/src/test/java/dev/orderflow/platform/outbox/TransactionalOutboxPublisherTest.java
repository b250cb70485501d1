package dev.orderflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TransactionalOutboxPublisherTest {

  // Acknowledges nothing by itself: a batch's sends wait.
  private final MockProducer<String, String> kafka =
      new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
  private final TransactionalOutboxPublisher publisher =
      new TransactionalOutboxPublisher(() -> interruptible(kafka), "svc", Duration.ofSeconds(30));
  private final MockProducer<String, String> acknowledging =
      new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
  private final TransactionalOutboxPublisher acknowledged =
      new TransactionalOutboxPublisher(() -> acknowledging, "svc", Duration.ofSeconds(30));

  @Test
  void a_sweeper_interrupted_while_its_batch_is_sent_aborts_the_transaction_and_stays_interrupted()
      throws Exception {
    publisher.takeOver();
    var failure = new AtomicReference<RuntimeException>();
    var interrupted = new AtomicBoolean();
    var sweeper =
        Thread.ofPlatform()
            .start(() -> {
              try {
                publisher.publish(List.of(message()));
              } catch (RuntimeException e) {
                failure.set(e);
              }
              interrupted.set(Thread.currentThread().isInterrupted());
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> kafka.uncommittedRecords().size() == 1);

    sweeper.interrupt(); // stopping
    sweeper.join(Duration.ofSeconds(5));

    assertThat(kafka.transactionAborted()).as("no transaction left open").isTrue();
    assertThat(kafka.transactionInFlight()).isFalse();
    assertThat(failure.get()).isInstanceOf(KafkaException.class);
    assertThat(interrupted).isTrue();
  }

  @Test
  void a_transaction_the_broker_timed_out_is_aborted_and_retried_not_taken_for_fencing() {
    acknowledged.takeOver();
    acknowledging.commitTransactionException = new InvalidProducerEpochException("timed out");

    assertThatThrownBy(() -> acknowledged.publish(List.of(message())))
        .isInstanceOf(InvalidProducerEpochException.class)
        .isNotInstanceOf(SweepPublisher.FencedException.class);
    assertThat(acknowledging.transactionAborted()).isTrue();
  }

  @Test
  void a_producer_another_instance_fenced_is_reported_as_fenced() {
    acknowledged.takeOver();
    acknowledging.commitTransactionException = new ProducerFencedException("fenced");

    assertThatThrownBy(() -> acknowledged.publish(List.of(message())))
        .isInstanceOf(SweepPublisher.FencedException.class);
    assertThat(acknowledging.closed()).isTrue();
  }

  private static OutboxMessage message() {
    return new OutboxMessage(
        "commits", "c-1", 1, "topic", "order-1", "c-1/1", "Type", Instant.now(), "{}", null);
  }

  /** As the real producer: a transaction's commit or abort fails on an interrupted thread. */
  @SuppressWarnings("unchecked")
  private static Producer<String, String> interruptible(Producer<String, String> producer) {
    return (Producer<String, String>)
        Proxy.newProxyInstance(
            Producer.class.getClassLoader(),
            new Class<?>[] {Producer.class},
            (proxy, method, args) -> {
              if ((method.getName().equals("abortTransaction")
                      || method.getName().equals("commitTransaction"))
                  && Thread.currentThread().isInterrupted()) {
                throw new InterruptException("interrupted");
              }
              try {
                return method.invoke(producer, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
