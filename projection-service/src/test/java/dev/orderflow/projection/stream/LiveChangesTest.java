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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class LiveChangesTest {

  static final int BACKLOG = 3;
  static final int REPLAY = 5;
  static final int MAX_SUBSCRIBERS = 3;
  static final int MAX_SUBSCRIBERS_PER_CLIENT = 2;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
  static final long FIRST_ID = CLOCK.millis() * 1000;

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final LiveChanges changes =
      new LiveChanges(
          new StreamProperties(
              Duration.ofMinutes(1),
              BACKLOG,
              REPLAY,
              Duration.ofSeconds(15),
              MAX_SUBSCRIBERS,
              MAX_SUBSCRIBERS_PER_CLIENT),
          meters,
          CLOCK);
  final CountDownLatch clientReads = new CountDownLatch(1);

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
            changes.on(order("o-1", "c-1", version));
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
      changes.on(order("o-1", "c-1", version));
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

    changes.on(order("o-1", "c-1", 1));
    changes.on(order("o-2", "c-2", 1));
    changes.on(new StockViewChanged("SKU-1", 5, 1, 4, 1));
    changes.on(order("o-3", "c-1", 1));

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
      changes.on(order("o-1", "c-1", version));
    }
    var client = new RecordingClient();

    changes.subscribe(client, ChangeFilter.EVERYTHING, FIRST_ID + 1);
    changes.on(order("o-1", "c-1", 5));

    await("the missed changes and the new one")
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.ids().size() == 3);
    assertThat(client.ids()).containsExactly(FIRST_ID + 2, FIRST_ID + 3, FIRST_ID + 4);
    assertThat(client.names()).doesNotContain(LiveChanges.RESET);
  }

  @Test
  void a_client_whose_last_event_is_forgotten_is_told_to_reset_then_gets_what_is_remembered() {
    for (int version = 1; version <= REPLAY + 3; version++) {
      changes.on(order("o-1", "c-1", version));
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
  void an_id_from_before_this_process_started_is_a_gap() {
    var client = new RecordingClient();

    changes.subscribe(client, ChangeFilter.EVERYTHING, FIRST_ID - 1_000_000);

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
    return new OrderViewChanged(orderId, customerId, OrderStatus.PENDING, version, "OrderPlaced");
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
