package dev.orderflow.projection.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.orderflow.projection.order.OrderStatus;
import dev.orderflow.projection.order.OrderViewChanged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class LiveChangesTest {

  static final int BACKLOG = 3;

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final LiveChanges changes =
      new LiveChanges(new StreamProperties(Duration.ofMinutes(1), BACKLOG), meters);
  final CountDownLatch clientReads = new CountDownLatch(1);

  @AfterEach
  void release() {
    clientReads.countDown();
    changes.stop();
  }

  @Test
  void a_client_that_stops_reading_never_holds_up_a_broadcast_and_is_dropped() {
    changes.subscribe(new StuckClient());

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int version = 1; version <= BACKLOG + 5; version++) {
            changes.on(new OrderViewChanged("o-1", OrderStatus.PENDING, version));
          }
        });

    assertThat(changes.subscribers()).isZero();
  }

  @Test
  void a_client_that_keeps_up_stays_subscribed_and_is_counted() {
    var client = new ReadingClient();
    changes.subscribe(client);

    for (int version = 1; version <= BACKLOG * 10; version++) {
      changes.on(new OrderViewChanged("o-1", OrderStatus.PENDING, version));
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
    changes.subscribe(new ReadingClient());
    changes.subscribe(new ReadingClient());

    changes.stop();

    assertThat(changes.subscribers()).isZero();
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

  /** A client that reads each event at once. */
  static class ReadingClient extends SseEmitter {

    final AtomicInteger received = new AtomicInteger();

    @Override
    public void send(Set<DataWithMediaType> items) {
      received.incrementAndGet();
    }
  }
}
