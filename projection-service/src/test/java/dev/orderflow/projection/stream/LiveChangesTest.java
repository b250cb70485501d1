package dev.orderflow.projection.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.orderflow.platform.web.RateLimitedException;
import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.stock.StockViewChanged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class LiveChangesTest {

  static final int BACKLOG = 3;
  static final int REPLAY = 5;
  static final int MAX_SUBSCRIBERS = 3;
  static final int MAX_SUBSCRIBERS_PER_CLIENT = 2;
  static final Duration RESUME_WAIT = Duration.ofSeconds(1);

  /** Where the reader starts on the changes topic: the topic's end when the instance starts. */
  static final long FIRST_ID = 1_000;

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final LiveChanges changes = new LiveChanges(properties(), meters);
  final CountDownLatch clientReads = new CountDownLatch(1);
  long nextOffset = FIRST_ID;

  LiveChangesTest() {
    changes.startAt(FIRST_ID, FIRST_ID);
  }

  static StreamProperties properties() {
    return new StreamProperties(
        Duration.ofMinutes(1),
        BACKLOG,
        REPLAY,
        Duration.ofSeconds(15),
        MAX_SUBSCRIBERS,
        MAX_SUBSCRIBERS_PER_CLIENT,
        "projections.changes",
        Duration.ofHours(1),
        RESUME_WAIT);
  }

  /** The change read at the next offset of the changes topic. */
  void read(Object change) {
    changes.received(nextOffset++, change);
  }

  @AfterEach
  void release() {
    clientReads.countDown();
    changes.stop();
  }

  @Test
  void a_client_that_stops_reading_never_holds_up_a_broadcast_and_is_dropped() {
    changes.subscribe(new StuckClient(), ChangeFilter.EVERYTHING, null);

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int version = 1; version <= BACKLOG + REPLAY + 5; version++) {
            read(order("o-1", "c-1", version));
          }
        });

    assertThat(changes.subscribers()).isZero();
    assertThat(dropped("slow")).isOne();
    assertThat(dropped("idle")).isZero();
  }

  @Test
  void a_subscription_over_the_instances_cap_is_refused_with_429_and_retry_after_and_counted() {
    changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null, "10.0.0.1");
    changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null, "10.0.0.2");
    changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null, "10.0.0.3");

    assertThatThrownBy(() ->
            changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null, "10.0.0.4"))
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refused -> {
              assertThat(refused.getStatusCode().value())
                  .as("a client's answer, never a 5xx")
                  .isEqualTo(429);
              assertThat(refused.getBody().getType().toString())
                  .isEqualTo("urn:orderflow:problem:stream-full");
              assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
            });
    assertThat(changes.subscribers()).isEqualTo(MAX_SUBSCRIBERS);
    assertThat(meters.get("projection.stream.refused").tag("reason", "full").counter().count())
        .isOne();
  }

  @Test
  void one_client_cannot_fill_the_stream_for_everyone() {
    changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null, "10.0.0.1");
    changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null, "10.0.0.1");

    assertThatThrownBy(() ->
            changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null, "10.0.0.1"))
        .isInstanceOfSatisfying(
            RateLimitedException.class, refused -> assertThat(refused.retryAfter()).isPositive());
    changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null, "10.0.0.2");
    assertThat(changes.subscribers()).isEqualTo(MAX_SUBSCRIBERS);
    assertThat(meters.get("projection.stream.refused").tag("reason", "client").counter().count())
        .isOne();
  }

  @Test
  void a_client_that_keeps_up_stays_subscribed_and_is_counted() {
    var client = new RecordingClient();
    changes.subscribe(client, ChangeFilter.EVERYTHING, null);

    for (int version = 1; version <= BACKLOG * 10; version++) {
      read(order("o-1", "c-1", version));
      var sent = version + 1; // after the ":subscribed" comment
      await("the client read change " + version)
          .atMost(Duration.ofSeconds(5))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> client.received.get() == sent);
    }

    assertThat(changes.subscribers()).isOne();
    assertThat(meters.get("projection.stream.subscribers").gauge().value()).isOne();
  }

  @Test
  void stopping_ends_every_subscription() {
    changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null);
    changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null);

    changes.stop();

    assertThat(changes.subscribers()).isZero();
  }

  @Test
  void a_filtered_client_gets_only_its_customers_or_its_orders_changes_and_no_stock() {
    var ofCustomer = new RecordingClient();
    var ofOrder = new RecordingClient();
    changes.subscribe(ofCustomer, new ChangeFilter("c-1", null), null);
    changes.subscribe(ofOrder, new ChangeFilter(null, "o-2"), null);

    read(order("o-1", "c-1", 1));
    read(order("o-2", "c-2", 1));
    read(new StockViewChanged("SKU-1", 5, 1, 4, 1));
    read(order("o-3", "c-1", 1));

    await("both clients got their changes")
        .atMost(Duration.ofSeconds(5))
        .until(() -> ofCustomer.ids().size() == 2 && ofOrder.ids().size() == 1);
    assertThat(ofCustomer.ids()).containsExactly(FIRST_ID, FIRST_ID + 3);
    assertThat(ofOrder.ids()).containsExactly(FIRST_ID + 1);
    assertThat(ofCustomer.names()).containsOnly(LiveChanges.ORDER);
  }

  @Test
  void a_client_that_comes_back_with_its_last_event_id_gets_exactly_what_it_missed() {
    for (int version = 1; version <= 4; version++) {
      read(order("o-1", "c-1", version));
    }
    var client = new RecordingClient();

    changes.subscribe(client, ChangeFilter.EVERYTHING, FIRST_ID + 1);
    read(order("o-1", "c-1", 5));

    await("the missed changes and the new one")
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.ids().size() == 3);
    assertThat(client.ids()).containsExactly(FIRST_ID + 2, FIRST_ID + 3, FIRST_ID + 4);
    assertThat(client.names()).doesNotContain(LiveChanges.RESET);
  }

  @Test
  void a_client_whose_last_event_is_forgotten_is_told_to_reset_then_gets_what_is_remembered() {
    for (int version = 1; version <= REPLAY + 3; version++) {
      read(order("o-1", "c-1", version));
    }
    var client = new RecordingClient();

    changes.subscribe(client, ChangeFilter.EVERYTHING, FIRST_ID);

    await("a reset and every remembered change")
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.names().size() == REPLAY + 1);
    assertThat(client.names().getFirst()).isEqualTo(LiveChanges.RESET);
    assertThat(client.ids()).hasSize(REPLAY).startsWith(FIRST_ID + 3);
  }

  @Test
  void an_id_from_before_where_this_instance_started_reading_is_a_gap() {
    var client = new RecordingClient();

    changes.subscribe(client, ChangeFilter.EVERYTHING, FIRST_ID - 2);

    await("a reset").atMost(Duration.ofSeconds(5)).until(() -> !client.names().isEmpty());
    assertThat(client.names()).containsExactly(LiveChanges.RESET);
  }

  @Test
  void the_id_just_before_where_this_instance_started_reading_resumes_without_a_reset() {
    read(order("o-1", "c-1", 1));
    var client = new RecordingClient();

    changes.subscribe(client, ChangeFilter.EVERYTHING, FIRST_ID - 1);

    await("the change after it").atMost(Duration.ofSeconds(5)).until(() -> !client.ids().isEmpty());
    assertThat(client.ids()).containsExactly(FIRST_ID);
    assertThat(client.names()).doesNotContain(LiveChanges.RESET);
  }

  @Test
  void an_id_this_instance_has_not_read_yet_is_waited_for_and_resumed_after() {
    read(order("o-1", "c-1", 1));
    var client = new RecordingClient();
    // Another instance has read up to FIRST_ID + 2 already; this one, only FIRST_ID.
    var subscribed =
        CompletableFuture.runAsync(
            () -> changes.subscribe(client, ChangeFilter.EVERYTHING, FIRST_ID + 2));

    read(order("o-1", "c-1", 2));
    read(order("o-1", "c-1", 3));
    subscribed.join();
    read(order("o-1", "c-1", 4));

    await("the change after the id")
        .atMost(Duration.ofSeconds(5))
        .until(() -> !client.ids().isEmpty());
    assertThat(client.ids()).containsExactly(FIRST_ID + 3);
    assertThat(client.names()).containsExactly(LiveChanges.ORDER);
  }

  @Test
  void an_id_beyond_the_end_of_the_topic_is_reset_after_the_resume_wait() {
    read(order("o-1", "c-1", 1));
    var client = new RecordingClient();

    long started = System.nanoTime();
    changes.subscribe(client, ChangeFilter.EVERYTHING, FIRST_ID + 1_000);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(RESUME_WAIT);
    read(order("o-1", "c-1", 2));
    await("a reset, then the new change")
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.names().size() == 2);
    assertThat(client.names()).containsExactly(LiveChanges.RESET, LiveChanges.ORDER);
    assertThat(client.ids()).containsExactly(FIRST_ID + 1);
  }

  @Test
  void an_id_that_is_not_an_offset_is_reset_at_once() {
    var client = new RecordingClient();

    changes.subscribe(client, ChangeFilter.EVERYTHING, -1L);

    await("a reset").atMost(RESUME_WAIT).until(() -> !client.names().isEmpty());
    assertThat(client.names()).containsExactly(LiveChanges.RESET);
  }

  @Test
  void what_the_instance_reads_from_before_the_end_at_its_start_is_remembered_not_news() {
    var starting = new LiveChanges(properties(), meters);
    starting.startAt(10, 13);
    var fresh = new RecordingClient();
    starting.subscribe(fresh, ChangeFilter.EVERYTHING, null);
    try {
      for (long offset = 10; offset <= 13; offset++) {
        starting.received(offset, order("o-1", "c-1", offset));
      }
      var resuming = new RecordingClient();
      starting.subscribe(resuming, ChangeFilter.EVERYTHING, 10L);

      await("the news, and what the resuming client missed")
          .atMost(Duration.ofSeconds(5))
          .until(() -> fresh.ids().size() == 1 && resuming.ids().size() == 3);
      assertThat(fresh.ids()).containsExactly(13L);
      assertThat(resuming.ids()).containsExactly(11L, 12L, 13L);
      assertThat(resuming.names()).doesNotContain(LiveChanges.RESET);
    } finally {
      starting.stop();
    }
  }

  @Test
  void a_subscription_before_the_reader_has_its_place_is_refused_with_503_not_served_blind() {
    var starting = new LiveChanges(properties(), meters);
    var client = new RecordingClient();

    assertThatThrownBy(() -> starting.subscribe(client, ChangeFilter.EVERYTHING, null))
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refused -> {
              assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(refused.getBody().getType().toString()).endsWith("stream-starting");
              assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
            });
    assertThat(starting.subscribers()).isZero();

    starting.startAt(0, 0);
    starting.subscribe(client, ChangeFilter.EVERYTHING, null);
    assertThat(starting.subscribers()).isOne();
    starting.stop();
  }

  @Test
  void a_subscriber_stopped_before_it_started_never_sends_and_ends_its_response() {
    var client = new RecordingClient();
    var subscriber = new Subscriber(client, BACKLOG, "local");
    var gone = new CopyOnWriteArrayList<Subscriber>();
    subscriber.offer(SseEmitter.event().comment("subscribed").build());

    subscriber.stop();
    subscriber.start(gone::add);

    assertThat(subscriber.sending()).isFalse();
    assertThat(gone).containsExactly(subscriber);
    assertThat(client.events).isEmpty();
  }

  @Test
  void a_reader_that_lost_its_place_ends_every_subscription() {
    read(order("o-1", "c-1", 1));
    changes.subscribe(new RecordingClient(), ChangeFilter.EVERYTHING, null);

    changes.startAt(FIRST_ID + 500, FIRST_ID + 600);

    assertThat(changes.subscribers()).isZero();
    assertThat(changes.recent()).isEmpty();
    var client = new RecordingClient();
    changes.subscribe(client, ChangeFilter.EVERYTHING, FIRST_ID);
    await("a reset").atMost(Duration.ofSeconds(5)).until(() -> !client.names().isEmpty());
    assertThat(client.names()).containsExactly(LiveChanges.RESET);
  }

  @Test
  void a_heartbeat_is_a_comment_every_subscriber_gets() {
    var client = new RecordingClient();
    changes.subscribe(client, ChangeFilter.EVERYTHING, null);

    changes.heartbeat();

    await("the heartbeat")
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.text().contains(":heartbeat"));
  }

  @Test
  void a_client_that_reads_nothing_is_dropped_by_the_heartbeats_even_when_nothing_changes() {
    var reader = new RecordingClient();
    changes.subscribe(reader, ChangeFilter.EVERYTHING, null);
    changes.subscribe(new StuckClient(), ChangeFilter.EVERYTHING, null);
    int backlog = BACKLOG + REPLAY + 2;

    for (int beat = 0; beat < backlog + 2; beat++) {
      changes.heartbeat();
      int beats = beat + 1;
      await("the reader read heartbeat " + beats)
          .atMost(Duration.ofSeconds(5))
          .until(() -> reader.received.get() == beats + 1);
    }

    assertThat(changes.subscribers()).as("the reader only").isOne();
    assertThat(dropped("idle")).isOne();
    assertThat(dropped("slow")).isZero();
  }

  @Test
  void a_client_that_leaves_is_not_counted_as_dropped() {
    changes.subscribe(new GoneClient(), ChangeFilter.EVERYTHING, null);

    await("the subscription ended")
        .atMost(Duration.ofSeconds(5))
        .until(() -> changes.subscribers() == 0);
    assertThat(dropped("slow") + dropped("idle")).isZero();
  }

  private double dropped(String reason) {
    return meters.get("projection.stream.dropped").tag("reason", reason).counter().count();
  }

  private static OrderViewChanged order(String orderId, String customerId, long version) {
    return new OrderViewChanged(
        orderId, customerId, OrderStatus.PENDING, version, null, null, "OrderPlaced");
  }

  /** A client whose connection accepts nothing: every write blocks. */
  class StuckClient extends SseEmitter {

    @Override
    public void send(Set<DataWithMediaType> items) throws IOException {
      try {
        clientReads.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** A client whose connection is gone: every write fails. */
  static class GoneClient extends SseEmitter {

    @Override
    public void send(Set<DataWithMediaType> items) throws IOException {
      throw new IOException("connection reset");
    }
  }

  /** A client that reads each event at once and keeps what it read. */
  static class RecordingClient extends SseEmitter {

    final AtomicInteger received = new AtomicInteger();
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void send(Set<DataWithMediaType> items) {
      var text = new StringBuilder();
      items.forEach(item -> text.append(item.getData()));
      events.add(text.toString());
      received.incrementAndGet();
    }

    String text() {
      return String.join("", events);
    }

    List<Long> ids() {
      return events.stream()
          .flatMap(event -> event.lines().filter(line -> line.startsWith("id:")))
          .map(line -> Long.parseLong(line.substring(3)))
          .toList();
    }

    List<String> names() {
      return events.stream()
          .flatMap(event -> event.lines().filter(line -> line.startsWith("event:")))
          .map(line -> line.substring(6))
          .toList();
    }
  }
}
