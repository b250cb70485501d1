package dev.orderflow.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for a service, on a free port of this machine: what the console
 * proxies reaches it over a socket, as it would a service.
 *
 * <ul>
 *   <li>{@code /api/echo}: 200 JSON with the method, path, query, body and the headers that matter,
 *       and a {@code Set-Cookie} as a service's session would set;
 *   <li>{@code /api/orders}: 202 with a {@code Location} and {@code Idempotent-Replayed};
 *   <li>{@code /api/admin}: 401 with {@code WWW-Authenticate};
 *   <li>{@code /api/limited}: 429 {@code application/problem+json} with {@code Retry-After};
 *   <li>{@code /api/hang-up}: closes the connection without an answer;
 *   <li>{@code /api/stream}: {@code text/event-stream}, each text put into {@link #events} written
 *       and flushed at once, until {@link #END};
 *   <li>{@code /actuator/health}: 200 {@code {"status":"UP"}};
 *   <li>anything else: 404 (an actuator endpoint, say: the console should not ask).
 * </ul>
 *
 * <p>It counts the requests it received by path ({@link #received}).
 */
final class FakeService implements AutoCloseable {

  static final String END = "END";

  static final List<String> ECHOED_HEADERS =
      List.of(
          "Authorization",
          "Idempotency-Key",
          "Last-Event-ID",
          "traceparent",
          "Content-Type",
          "Accept",
          "Cookie");

  final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final JsonMapper json = JsonMapper.builder().build();

  FakeService() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    answer("/api/echo", this::echo);
    answer("/api/orders", this::accept);
    answer("/api/limited", this::limit);
    answer("/api/admin", this::unauthorized);
    answer("/api/stream", this::stream);
    // A service that dies with the request: the connection closes before any answer.
    answer("/api/hang-up", HttpExchange::close);
    answer(
        "/actuator/health",
        exchange -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}"));
    answer("/", exchange -> send(exchange, 404, "application/json", "{\"status\":404}"));
    server.start();
  }

  private void answer(String path, HttpHandler handler) {
    server.createContext(
        path,
        exchange -> {
          received
              .computeIfAbsent(exchange.getRequestURI().getRawPath(), any -> new AtomicInteger())
              .incrementAndGet();
          handler.handle(exchange);
        });
  }

  /** How many requests for {@code path} reached this service. */
  int received(String path) {
    var count = received.get(path);
    return count == null ? 0 : count.get();
  }

  /** How many requests reached this service, whatever their path. */
  int received() {
    return received.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** An address where nothing listens: a port taken from the system and given back at once. */
  static String nowhere() {
    try (var socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void echo(HttpExchange exchange) throws IOException {
    var answer = new LinkedHashMap<String, Object>();
    answer.put("method", exchange.getRequestMethod());
    answer.put("path", exchange.getRequestURI().getRawPath());
    answer.put("query", exchange.getRequestURI().getRawQuery());
    for (var header : ECHOED_HEADERS) {
      answer.put(header, exchange.getRequestHeaders().getFirst(header));
    }
    answer.put(
        "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    // What Spring Security puts on every answer of a service: the console must not double it.
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
    exchange.getResponseHeaders().set("Set-Cookie", "SESSION=s-1; Path=/; HttpOnly");
    send(exchange, 200, "application/json", json.writeValueAsString(answer));
  }

  private void accept(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().set("Location", "/api/orders/o-1");
    exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
    send(exchange, 202, "application/json", "{\"orderId\":\"o-1\",\"status\":\"PENDING\"}");
  }

  private void limit(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Retry-After", "7");
    send(
        exchange,
        429,
        "application/problem+json",
        "{\"type\":\"urn:orderflow:problem:rate-limited\",\"status\":429}");
  }

  private void unauthorized(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"orderflow admin\"");
    send(
        exchange,
        401,
        "application/problem+json",
        "{\"type\":\"urn:orderflow:problem:unauthorized\",\"status\":401}");
  }

  private void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream;charset=UTF-8");
    exchange.sendResponseHeaders(200, 0);
    try (var out = exchange.getResponseBody()) {
      for (var event = events.take(); !event.equals(END); event = events.take()) {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
