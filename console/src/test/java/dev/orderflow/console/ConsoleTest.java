package dev.orderflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console against real HTTP servers: order-, notification- and projection-service are one
 * {@link FakeService} on a port of this machine; order-service has a second instance after it, and
 * notification-service a stopped one before it (an address where nothing listens); both of
 * inventory-service's instances are stopped. Requests go over sockets to the console and on to the
 * fakes; nothing of the gateway is mocked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
class ConsoleTest {

  /** How long one event may take through the console; far more than it needs unbuffered. */
  private static final Duration EVENT_WAIT = Duration.ofSeconds(10);

  private static final FakeService SERVICE = new FakeService();

  /** order-service's second instance, which it never needs: the first always answers. */
  private static final FakeService SECOND = new FakeService();

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add(
        "orderflow.console.services.order", () -> SERVICE.baseUrl() + "," + SECOND.baseUrl());
    registry.add(
        "orderflow.console.services.notification",
        () -> FakeService.nowhere() + ", " + SERVICE.baseUrl());
    registry.add("orderflow.console.services.projection", SERVICE::baseUrl);
    registry.add(
        "orderflow.console.services.inventory",
        () -> FakeService.nowhere() + "," + FakeService.nowhere());
  }

  @AfterAll
  static void stopServices() {
    SERVICE.close();
    SECOND.close();
  }

  @Test
  void a_call_reaches_the_service_without_the_prefix_with_its_method_query_body_and_headers()
      throws Exception {
    var response =
        send(
            request("/services/order/api/echo?customer=c-1&page=2")
                .header("Authorization", "Basic YWRtaW46c2VjcmV0")
                .header("Idempotency-Key", "key-42")
                .header("Last-Event-ID", "17")
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"c-1\"}")));

    assertThat(response.statusCode()).isEqualTo(200);
    var echo = json.readTree(response.body());
    assertThat(echo.get("method").asString()).isEqualTo("POST");
    assertThat(echo.get("path").asString()).isEqualTo("/api/echo");
    assertThat(echo.get("query").asString()).isEqualTo("customer=c-1&page=2");
    assertThat(echo.get("Authorization").asString()).isEqualTo("Basic YWRtaW46c2VjcmV0");
    assertThat(echo.get("Idempotency-Key").asString()).isEqualTo("key-42");
    assertThat(echo.get("Last-Event-ID").asString()).isEqualTo("17");
    // The same trace goes on, sampled, with the console's own span as the service's parent.
    assertThat(echo.get("traceparent").asString())
        .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
        .endsWith("-01")
        .isNotEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(echo.get("Content-Type").asString()).isEqualTo("application/json");
    assertThat(echo.get("Accept").asString()).isEqualTo("application/json");
    assertThat(echo.get("body").asString()).isEqualTo("{\"customerId\":\"c-1\"}");
  }

  /**
   * A browser sends the console every cookie of its host, other local apps' included: the page
   * needs none, and the services are not to see them, nor the browser to keep a service's.
   */
  @Test
  void no_cookie_passes_to_a_service_nor_comes_back_from_it() throws Exception {
    var response =
        send(
            request("/services/order/api/echo")
                .header("Cookie", "JSESSIONID=other-app; grafana_session=g-1"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("Cookie").isNull()).isTrue();
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void a_services_health_passes_as_the_page_asks_for_it() throws Exception {
    for (var path :
        List.of(
            "/services/order/actuator/health", "/services/projection/actuator/health/liveness")) {
      int before = SERVICE.received();

      var response = send(request(path));

      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(json.readTree(response.body()).get("status").asString()).isEqualTo("UP");
      assertThat(SERVICE.received()).as(path).isEqualTo(before + 1);
    }
  }

  /**
   * Only the APIs and health are the page's: the services' other endpoints (Prometheus, info) are
   * not found in the console like any path it does not have, and are never asked for, a dot segment
   * that the service would resolve to one of them included.
   */
  @Test
  void any_other_path_of_a_service_is_not_found_without_reaching_it() throws Exception {
    for (var path :
        List.of(
            "/services/order/actuator/prometheus",
            "/services/order/actuator/info",
            "/services/order/actuator",
            "/services/order/actuator/healthz",
            "/services/order",
            "/services/order/",
            "/services/order/swagger-ui.html",
            "/services/order/api/../actuator/prometheus",
            "/services/order/api/%2e%2e/actuator/prometheus",
            "/services/order/api/./echo",
            "/services/order/api/..;x=1/actuator/prometheus")) {
      int before = SERVICE.received() + SECOND.received();

      var response = send(request(path).header("Accept", "application/json"));

      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .as(path)
          .hasValue("application/problem+json");
      assertThat(json.readTree(response.body()).get("status").asInt()).as(path).isEqualTo(404);
      assertThat(SERVICE.received() + SECOND.received()).as(path).isEqualTo(before);
    }
    // As the console answers any path it does not have.
    var unknown = send(request("/nothing/here").header("Accept", "application/json"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  /** notification-service is left to the test of its stopped first instance, which it must meet. */
  @Test
  void each_service_is_reached_under_its_own_name() throws Exception {
    for (var name : List.of("order", "projection")) {
      var response = send(request("/services/" + name + "/api/echo").method("DELETE", noBody()));

      assertThat(response.statusCode()).as(name).isEqualTo(200);
      assertThat(json.readTree(response.body()).get("method").asString()).isEqualTo("DELETE");
    }
  }

  @Test
  void the_services_status_and_headers_come_back_unchanged() throws Exception {
    var accepted =
        send(
            request("/services/order/api/orders")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.headers().firstValue("Location")).hasValue("/api/orders/o-1");
    assertThat(accepted.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(accepted.headers().firstValue("Idempotent-Replayed")).hasValue("true");

    var limited = send(request("/services/order/api/limited"));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(json.readTree(limited.body()).get("status").asInt()).isEqualTo(429);

    var refused = send(request("/services/order/api/admin/faults"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"orderflow admin\"");
  }

  /**
   * The fake writes one event and then waits for the test: a console that buffered the stream
   * (Tomcat keeps 8 KB before it sends anything) would hold the first event until the service
   * closed it, and this test would never read it in time.
   */
  @Test
  void server_sent_events_pass_one_by_one_while_the_service_still_streams() throws Exception {
    SERVICE.events.put(": subscribed\n\n");
    SERVICE.events.put("id: 1\nevent: order\ndata: {\"orderId\":\"o-1\"}\n\n");
    var response =
        http.sendAsync(
                request("/services/projection/api/stream")
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream())
            .get(EVENT_WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));

    try (var reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(nextEvent(reader)).containsExactly(": subscribed");
      assertThat(nextEvent(reader))
          .containsExactly("id: 1", "event: order", "data: {\"orderId\":\"o-1\"}");

      // Only now does the service send the second event: it cannot have come with the first.
      SERVICE.events.put("id: 2\nevent: order\ndata: {\"orderId\":\"o-2\"}\n\n");
      assertThat(nextEvent(reader))
          .containsExactly("id: 2", "event: order", "data: {\"orderId\":\"o-2\"}");

      SERVICE.events.put(FakeService.END);
      assertThat(nextEvent(reader)).isEmpty();
    }
  }

  @Test
  void an_instance_that_refuses_the_connection_is_passed_over_for_the_next_with_the_whole_call()
      throws Exception {
    int before = SERVICE.received("/api/echo");

    var response =
        send(
            request("/services/notification/api/echo?page=2")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"templateId\":\"t-1\"}")));

    assertThat(response.statusCode()).isEqualTo(200);
    var echo = json.readTree(response.body());
    assertThat(echo.get("method").asString()).isEqualTo("POST");
    assertThat(echo.get("path").asString()).isEqualTo("/api/echo");
    assertThat(echo.get("query").asString()).isEqualTo("page=2");
    assertThat(echo.get("body").asString()).isEqualTo("{\"templateId\":\"t-1\"}");
    assertThat(SERVICE.received("/api/echo")).isEqualTo(before + 1);
  }

  /**
   * The first instance took the call and hung up before it answered: it may have acted on it, so
   * the call is not sent to the second (a POST would be sent twice), and the console answers 503.
   */
  @Test
  void a_call_an_instance_took_is_never_sent_to_another_even_when_it_hangs_up() throws Exception {
    var response =
        send(
            request("/services/order/api/hang-up")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(503);
    var problem = json.readTree(response.body());
    assertThat(problem.get("title").asString()).isEqualTo("order-service is not answering");
    assertThat(problem.get("service").asString()).isEqualTo("order-service");
    assertThat(SERVICE.received("/api/hang-up")).isEqualTo(1);
    assertThat(SECOND.received("/api/hang-up")).isZero();
  }

  @Test
  void a_service_none_of_whose_instances_answers_is_a_503_problem_naming_it_whatever_was_accepted()
      throws Exception {
    for (var accept : List.of("application/json", "text/event-stream", "*/*")) {
      var response = send(request("/services/inventory/api/stock/SKU-1").header("Accept", accept));

      assertThat(response.statusCode()).as(accept).isEqualTo(503);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      JsonNode problem = json.readTree(response.body());
      assertThat(problem.get("type").asString())
          .isEqualTo("urn:orderflow:problem:service-unavailable");
      assertThat(problem.get("title").asString()).isEqualTo("inventory-service is not answering");
      assertThat(problem.get("status").asInt()).isEqualTo(503);
      assertThat(problem.get("instance").asString())
          .isEqualTo("/services/inventory/api/stock/SKU-1");
      assertThat(problem.get("service").asString()).isEqualTo("inventory-service");
      assertThat(problem.get("detail").asString())
          .startsWith("The console could not reach inventory-service at http://127.0.0.1:")
          .contains(", http://127.0.0.1:");
    }
  }

  @Test
  void every_answer_carries_the_security_headers_once_the_services_answers_included()
      throws Exception {
    for (var path :
        List.of(
            "/services/order/api/echo",
            "/api/console/settings",
            "/webjars/uplot/dist/uPlot.iife.min.js",
            "/services/inventory/api/stock")) {
      var headers = send(request(path)).headers();

      assertThat(headers.allValues("Content-Security-Policy"))
          .as(path)
          .singleElement()
          .satisfies(policy -> assertThat(policy).startsWith("default-src 'self';"));
      assertThat(headers.allValues("X-Content-Type-Options")).as(path).containsExactly("nosniff");
      assertThat(headers.allValues("X-Frame-Options")).as(path).containsExactly("DENY");
      assertThat(headers.allValues("Referrer-Policy")).as(path).containsExactly("no-referrer");
    }
  }

  @Test
  void the_settings_say_there_is_no_jaeger_unless_one_is_configured() throws Exception {
    var response = send(request("/api/console/settings"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"jaegerUrl\":null}");
  }

  @Test
  void uplot_is_served_from_its_webjar_without_a_version_in_the_path() throws Exception {
    var script = send(request("/webjars/uplot/dist/uPlot.iife.min.js"));
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    assertThat(script.body()).contains("uPlot");

    var styles = send(request("/webjars/uplot/dist/uPlot.min.css"));
    assertThat(styles.statusCode()).isEqualTo(200);
    assertThat(styles.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
  }

  @Test
  void health_and_prometheus_answer_as_on_every_service() throws Exception {
    var health = send(request("/actuator/health"));
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("UP");

    send(request("/services/order/api/echo"));
    var metrics = send(request("/actuator/prometheus"));
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("application=\"console\"")
        .contains("http_server_requests_seconds_bucket");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(EVENT_WAIT);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }

  /**
   * The lines of the next event, read within {@link #EVENT_WAIT}; empty at the end of the stream.
   */
  private static List<String> nextEvent(BufferedReader reader) throws Exception {
    return CompletableFuture.supplyAsync(() -> readEvent(reader))
        .get(EVENT_WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static List<String> readEvent(BufferedReader reader) {
    var lines = new ArrayList<String>();
    try {
      for (var line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty()) {
          return lines;
        }
        lines.add(line);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
