package dev.orderflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.platform.PlatformTestApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests refused before any controller sees them, sent over a raw socket to the real server (so
 * that nothing in a client library tidies them first): each answer is a problem detail with a 4xx,
 * never Tomcat's HTML page, Boot's error JSON or a 500.
 */
@SpringBootTest(
    classes = PlatformTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
class EdgeProblemsIT {

  @LocalServerPort int port;

  @DynamicPropertySource
  static void embeddedStack(DynamicPropertyRegistry registry) {
    EmbeddedStack.shared().springProperties("platform").forEach((k, v) -> registry.add(k, () -> v));
  }

  static Stream<Arguments> refused() {
    var json = "{\"a\":1}";
    return Stream.of(
        Arguments.of("GET /error, which no failure sent", "GET /error HTTP/1.1\r\n\r\n", 404),
        Arguments.of("a path that does not exist", "GET /nowhere HTTP/1.1\r\n\r\n", 404),
        Arguments.of("a method the path does not take", "DELETE /echo HTTP/1.1\r\n\r\n", 405),
        Arguments.of("TRACE", "TRACE /echo HTTP/1.1\r\n\r\n", 405),
        Arguments.of("an invalid percent-encoding", "GET /api/%ff HTTP/1.1\r\n\r\n", 400),
        Arguments.of("a NUL in the path", "GET /api/a%00b HTTP/1.1\r\n\r\n", 400),
        Arguments.of("a path climbing out", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n\r\n", 400),
        Arguments.of(
            "a header larger than the server takes",
            "GET /echo HTTP/1.1\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n",
            400),
        Arguments.of(
            "a wildcard Content-Type",
            "POST /echo HTTP/1.1\r\nContent-Type: */*\r\nContent-Length: "
                + json.length()
                + "\r\n\r\n"
                + json,
            415),
        Arguments.of(
            "an Accept that is no media type",
            "GET /echo HTTP/1.1\r\nAccept: garbage\r\n\r\n",
            406),
        Arguments.of(
            "a Transfer-Encoding Tomcat does not know (it would say 501)",
            "POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}",
            400),
        Arguments.of(
            "HTTP/2.0 in a request line (it would say 505)", "GET /echo HTTP/2.0\r\n\r\n", 400),
        Arguments.of("a path of two slashes", "GET // HTTP/1.1\r\n\r\n", 400),
        Arguments.of(
            "a health component the actuator does not have",
            "GET /actuator/health/nothing-of-that-name HTTP/1.1\r\n\r\n",
            404),
        Arguments.of(
            "a multipart body without a boundary (once a 500: no part of the service parses one)",
            "POST /nowhere HTTP/1.1\r\nContent-Type: multipart/form-data\r\nContent-Length: "
                + json.length()
                + "\r\n\r\n"
                + json,
            404),
        Arguments.of(
            "a multipart Content-Type on a GET of nothing there",
            "GET /nowhere HTTP/1.1\r\nContent-Type: multipart/form-data\r\n\r\n",
            404),
        Arguments.of(
            "a Content-Type that is no media type",
            "POST /echo HTTP/1.1\r\nContent-Type: garbage\r\nContent-Length: "
                + json.length()
                + "\r\n\r\n"
                + json,
            415));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void a_request_refused_at_the_edge_gets_a_problem_with_a_4xx(
      String what, String request, int status) throws IOException {
    var response =
        send(
            request.replace(
                "HTTP/1.1\r\n", "HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"));

    assertThat(response).as(what).startsWith("HTTP/1.1 " + status + " ");
    assertThat(response.toLowerCase()).as(what).contains("content-type: application/problem+json");
    assertThat(response).as(what).contains("\"type\":\"urn:orderflow:problem:");
    assertThat(response).as(what).doesNotContain("<html");
  }

  @Test
  void an_accept_the_answer_cannot_be_written_in_is_refused_before_the_handler_acts()
      throws IOException {
    var before = PlatformTestApplication.Echo.HANDLED.get();
    var refused =
        send(
            "POST /counted HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Accept: application/xml\r\nContent-Length: 0\r\n\r\n");
    assertThat(refused).startsWith("HTTP/1.1 406 ");
    assertThat(refused).contains("\"type\":\"urn:orderflow:problem:not-acceptable\"");
    assertThat(PlatformTestApplication.Echo.HANDLED.get()).isEqualTo(before);

    var answered =
        send(
            "POST /counted HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Accept: text/html, application/json;q=0.5\r\nContent-Length: 0\r\n\r\n");
    assertThat(answered).startsWith("HTTP/1.1 200 ");
    assertThat(PlatformTestApplication.Echo.HANDLED.get()).isEqualTo(before + 1);
    // What the handler answers with is worked out once and kept: it refuses the same way again.
    assertThat(
            send(
                "POST /counted HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Accept: application/xml\r\nContent-Length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 406 ");
    assertThat(PlatformTestApplication.Echo.HANDLED.get()).isEqualTo(before + 1);
    // What any type can be written in (a String) is answered whatever the Accept.
    assertThat(
            send(
                "POST /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Accept: text/csv\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                    + "\r\nok"))
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void an_empty_accept_is_read_as_no_accept_header() throws IOException {
    var response =
        send(
            "GET /actuator/prometheus HTTP/1.1\r\nHost: localhost\r\nAccept: \r\n"
                + "Connection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 ");
    assertThat(response).contains("# TYPE ");
  }

  private String send(String request) throws IOException {
    try (var socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
