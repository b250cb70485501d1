package dev.orderflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The control of {@link ConsoleTest}'s stream test: with {@code text/event-stream} taken off the
 * gateway's streaming types, the proxied body is copied without flushing and Tomcat holds it in its
 * buffer: the first event, sent at once by the service, reaches nobody until the service ends the
 * stream. So the stream test can tell a buffering console from a streaming one, and the setting it
 * relies on is the one that matters.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.cloud.gateway.server.webmvc.streaming-media-types=application/x-nothing")
class UnflushedStreamTest {

  private static final FakeService SERVICE = new FakeService();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("orderflow.console.services.projection", SERVICE::baseUrl);
  }

  @AfterAll
  static void stopService() {
    SERVICE.close();
  }

  @Test
  void without_flushing_the_first_event_waits_for_the_end_of_the_stream() throws Exception {
    SERVICE.events.put("id: 1\ndata: one\n\n");
    var response =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/services/projection/api/stream"))
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    // The first line of the stream, read as it comes (not at the stream's end).
    var firstLine =
        response.thenApplyAsync(answer -> {
          try (var reader =
              new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
            return reader.readLine();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });

    // Two seconds in which an unbuffered console delivers the event many times over.
    assertThatThrownBy(() -> firstLine.get(2, TimeUnit.SECONDS))
        .isInstanceOf(TimeoutException.class);

    SERVICE.events.put("id: 2\ndata: two\n\n");
    SERVICE.events.put(FakeService.END);
    assertThat(firstLine.get(10, TimeUnit.SECONDS)).isEqualTo("id: 1");
  }
}
