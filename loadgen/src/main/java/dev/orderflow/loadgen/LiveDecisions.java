package dev.orderflow.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows projection-service's live stream ({@code GET /api/stream}, Server-Sent Events) and
 * reports each order status the read side applies, the moment it arrives: this is when a client of
 * the read side can see it. Reconnects with {@code Last-Event-ID} if the stream ends.
 */
final class LiveDecisions implements AutoCloseable {

  /** Hears an order's new status, with {@link System#nanoTime()} at its arrival. */
  interface Listener {
    void status(String orderId, String status, long arrivedNanos);
  }

  private static final Logger log = LoggerFactory.getLogger(LiveDecisions.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI stream;
  private final Listener listener;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final Thread reader;
  private volatile boolean closed;
  private volatile @Nullable String lastEventId;

  private LiveDecisions(URI projection, Listener listener) {
    this.stream = projection.resolve("/api/stream");
    this.listener = listener;
    this.reader = Thread.ofVirtual().name("live-decisions").start(this::follow);
  }

  /** Subscribes and returns once the service has confirmed the subscription. */
  static LiveDecisions follow(URI projection, Listener listener) throws InterruptedException {
    var decisions = new LiveDecisions(projection, listener);
    if (!decisions.subscribed.await(30, TimeUnit.SECONDS)) {
      decisions.close();
      throw new IllegalStateException("No live stream from " + decisions.stream);
    }
    return decisions;
  }

  private void follow() {
    while (!closed) {
      try {
        var request = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream");
        var resumeAfter = lastEventId;
        if (resumeAfter != null) {
          request.header("Last-Event-ID", resumeAfter);
        }
        var lines = http.send(request.build(), BodyHandlers.ofLines()).body();
        var event = new StringBuilder();
        var data = new StringBuilder();
        var iterator = lines.iterator();
        while (!closed && iterator.hasNext()) {
          var line = iterator.next();
          if (line.startsWith(":subscribed")) {
            subscribed.countDown();
          } else if (line.startsWith("event:")) {
            event.setLength(0);
            event.append(line.substring(6).strip());
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
          } else if (line.startsWith("id:")) {
            lastEventId = line.substring(3).strip();
          } else if (line.isEmpty()) {
            if (event.toString().equals("order") && !data.isEmpty()) {
              var order = JSON.readTree(data.toString());
              listener.status(
                  order.get("orderId").asText(), order.get("status").asText(), System.nanoTime());
            }
            event.setLength(0);
            data.setLength(0);
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (!closed) {
          log.warn("Live stream interrupted ({}); reconnecting", e.toString());
          try {
            Thread.sleep(Duration.ofMillis(500));
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    http.shutdownNow();
  }
}
