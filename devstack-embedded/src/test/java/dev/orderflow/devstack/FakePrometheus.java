package dev.orderflow.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus' {@code /-/ready} and {@code /api/v1/query}: each query answers the vector it was
 * given ({@link #answer}), an empty one otherwise.
 */
final class FakePrometheus implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, String> results = new ConcurrentHashMap<>();

  FakePrometheus() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/-/ready", exchange -> answer(exchange, 200, "Prometheus is Ready.\n"));
    server.createContext("/api/v1/query", this::query);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** From now on {@code query} answers one series with these labels (JSON) and this value. */
  FakePrometheus answer(String query, String labels, double value) {
    results.put(query, "{\"metric\":%s,\"value\":[1700000000.0,\"%s\"]}".formatted(labels, value));
    return this;
  }

  /** From now on {@code query} answers no series. */
  FakePrometheus nothingFor(String query) {
    results.remove(query);
    return this;
  }

  private void query(HttpExchange exchange) throws IOException {
    var raw = exchange.getRequestURI().getRawQuery();
    var query = URLDecoder.decode(raw.substring(raw.indexOf('=') + 1), StandardCharsets.UTF_8);
    if (query.contains("syntax error")) {
      answer(
          exchange,
          400,
          "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
      return;
    }
    var series = results.get(query);
    answer(
        exchange,
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[%s]}}"
            .formatted(series == null ? "" : series));
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
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
