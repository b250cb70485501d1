package dev.orderflow.projection.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.order.domain.OrderStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * How long the announcements may hold a listener's poll: a short deadline per poll, and a breaker
 * that stops sending to a changes topic that does not take them, probing it now and then.
 */
class ChangeAnnouncerTest {

  static final Duration DEADLINE = Duration.ofMillis(200);
  static final Duration PROBE_EVERY = Duration.ofSeconds(5);

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final List<Sent> sent = new CopyOnWriteArrayList<>();

  @SuppressWarnings("unchecked")
  final Producer<String, String> producer = mock(Producer.class);

  final ChangeAnnouncer announcer =
      new ChangeAnnouncer(
          producer,
          new ChangeRecords("projections.changes", JsonMapper.builder().build()),
          meters,
          DEADLINE,
          PROBE_EVERY,
          now::get);

  /** One send: its record, its future and callback, completed by the test as the broker would. */
  record Sent(
      ProducerRecord<String, String> record,
      CompletableFuture<RecordMetadata> future,
      Callback callback) {

    void acknowledged() {
      var metadata = new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0);
      callback.onCompletion(metadata, null);
      future.complete(metadata);
    }

    void failed(Exception error) {
      callback.onCompletion(null, error);
      future.completeExceptionally(error);
    }
  }

  void brokerTakesSends() {
    given(producer.send(any(), any()))
        .willAnswer(call -> {
          var one = new Sent(call.getArgument(0), new CompletableFuture<>(), call.getArgument(1));
          sent.add(one);
          return one.future();
        });
  }

  @Test
  void every_change_goes_to_partition_0_whatever_its_key() {
    brokerTakesSends();

    announcer.on(order("o-1", 1));
    announcer.on(order("o-2", 1));

    assertThat(sent).extracting(one -> one.record().partition()).containsExactly(0, 0);
  }

  @Test
  void a_poll_whose_announcements_are_acknowledged_ends_when_they_are() {
    brokerTakesSends();
    announcer.on(order("o-1", 1));
    announcer.on(order("o-1", 2));
    sent.forEach(Sent::acknowledged);

    announcer.awaitSent();

    assertThat(announcer.paused()).isFalse();
    assertThat(failed()).isZero();
  }

  @Test
  void a_poll_waits_for_unacknowledged_announcements_only_until_its_deadline_then_pauses_them() {
    brokerTakesSends();
    for (int version = 1; version <= 500; version++) {
      announcer.on(order("o-1", version));
    }

    long started = System.nanoTime();
    announcer.awaitSent();

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(DEADLINE)
        .isLessThan(DEADLINE.multipliedBy(10));
    assertThat(announcer.paused()).isTrue();
    assertThat(gauge("projection.stream.announcements.paused")).isEqualTo(1);

    announcer.on(order("o-1", 501));
    announcer.awaitSent();
    assertThat(sent).as("nothing sent while paused").hasSize(500);
    assertThat(failed()).isEqualTo(1);
  }

  @Test
  void a_send_that_times_out_on_a_missing_topic_pauses_the_rest_of_the_poll_unsent() {
    given(producer.send(any(), any()))
        .willAnswer(call -> {
          // As KafkaProducer does when max.block.ms passes without the topic's metadata.
          var one = new Sent(call.getArgument(0), new CompletableFuture<>(), call.getArgument(1));
          sent.add(one);
          one.failed(new TimeoutException("Topic projections.changes not present in metadata"));
          return one.future();
        });

    for (int version = 1; version <= 500; version++) {
      announcer.on(order("o-1", version));
    }
    announcer.awaitSent();

    assertThat(sent).as("one send waited for the topic, not one per change").hasSize(1);
    assertThat(failed()).isEqualTo(500);
    assertThat(announcer.paused()).isTrue();
  }

  @Test
  void a_paused_announcer_probes_the_topic_and_resumes_when_the_broker_acknowledges() {
    brokerTakesSends();
    announcer.on(order("o-1", 1));
    sent.getFirst().failed(new TimeoutException("Expiring 1 record(s)"));
    announcer.awaitSent();
    assertThat(announcer.paused()).isTrue();

    now.addAndGet(PROBE_EVERY.toNanos() - 1);
    announcer.on(order("o-1", 2));
    assertThat(sent).as("no probe before its time").hasSize(1);

    now.addAndGet(1);
    announcer.on(order("o-1", 3));
    announcer.on(order("o-1", 4));
    assertThat(sent).as("one probe").hasSize(2);
    sent.getLast().acknowledged();
    announcer.awaitSent();

    assertThat(announcer.paused()).isFalse();
    announcer.on(order("o-1", 5));
    assertThat(sent).hasSize(3);
    assertThat(failed()).as("the failed one, and the ones dropped while paused").isEqualTo(3);
  }

  @Test
  void a_probe_that_fails_keeps_the_announcements_paused_until_the_next_probe() {
    brokerTakesSends();
    announcer.on(order("o-1", 1));
    sent.getFirst().failed(new TimeoutException("Expiring 1 record(s)"));
    now.addAndGet(PROBE_EVERY.toNanos());
    announcer.on(order("o-1", 2));
    sent.getLast().failed(new TimeoutException("Expiring 1 record(s)"));
    announcer.awaitSent();

    announcer.on(order("o-1", 3));

    assertThat(announcer.paused()).isTrue();
    assertThat(sent).hasSize(2);
  }

  private double failed() {
    return meters.get("projection.stream.announcements.failed").counter().count();
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  private static OrderViewChanged order(String orderId, long version) {
    return new OrderViewChanged(
        orderId, "c-1", OrderStatus.PENDING, version, null, null, "OrderPlaced");
  }
}
