package dev.orderflow.projection.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** A client of {@code GET /api/stream}: reads the events as they come, in the background. */
final class SseConnection implements AutoCloseable {

  /** One event as received: its id (null for none), name and data. */
  record Event(@Nullable String id, String name, Map<String, Object> data) {}

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Stream<String> body;
  final int status;

  SseConnection(String url, @Nullable String lastEventId) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    var response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    status = response.statusCode();
    body = response.body();
    Thread.ofVirtual().name("sse-test-reader").start(() -> body.forEach(lines::add));
    Awaitility.await("the subscription confirmed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> lines.contains(":subscribed"));
  }

  /** Every complete event so far, in order. */
  @SuppressWarnings("unchecked")
  List<Event> events() {
    var events = new ArrayList<Event>();
    String id = null;
    String name = null;
    for (var line : List.copyOf(lines)) {
      if (line.startsWith("id:")) {
        id = line.substring(3);
      } else if (line.startsWith("event:")) {
        name = line.substring(6);
      } else if (line.startsWith("data:") && name != null) {
        events.add(new Event(id, name, MAPPER.readValue(line.substring(5), Map.class)));
      } else if (line.isEmpty()) {
        id = null;
        name = null;
      }
    }
    return events;
  }

  /** The events named {@code name} whose data matches, once there are {@code count} of them. */
  List<Event> awaitEvents(String name, Predicate<Map<String, Object>> matches, int count) {
    return Awaitility.await(count + " " + name + " events")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                events().stream()
                    .filter(e -> e.name().equals(name) && matches.test(e.data()))
                    .toList(),
            found -> found.size() >= count);
  }

  @Override
  public void close() {
    body.close();
    client.close();
  }
}
