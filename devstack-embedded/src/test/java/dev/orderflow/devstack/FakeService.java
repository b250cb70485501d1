package dev.orderflow.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service's admin API of faults, as far as the commands use it: {@code GET /api/admin/faults},
 * {@code PUT} and {@code DELETE /api/admin/faults/{name}} with the admin's credentials; a fault it
 * does not have is a {@code 404} problem.
 */
final class FakeService implements AutoCloseable {

  static final String AUTHORIZATION =
      new AdminCredentials("admin", "drill-test-password", false).basicAuthorization();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request: {@code PUT /api/admin/faults/stall {"enabled":true}}. */
  record Request(String method, String path, String body) {}

  private final HttpServer server;
  private final Map<String, ObjectNode> faults = new TreeMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> failing = new ConcurrentHashMap<>();
  private final Map<String, Integer> remaining = new ConcurrentHashMap<>();

  FakeService(String instanceName, String... faultNames) throws IOException {
    for (var name : faultNames) {
      var fault = JSON.createObjectNode().put("name", name).put("enabled", false);
      fault.putObject("parameters");
      fault.putObject("limits");
      var instances = fault.putObject("instances");
      instances.putArray("applied").add(instanceName);
      instances.putArray("pending");
      faults.put(name, fault);
    }
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/api/admin/faults", this::handle);
    server.start();
  }

  /** A fault with a parameter and its limits, as slow-consumer has. */
  FakeService withParameter(String fault, String parameter, long value, long min, long max) {
    faults.get(fault).withObjectProperty("parameters").put(parameter, value);
    faults
        .get(fault)
        .withObjectProperty("limits")
        .putObject(parameter)
        .put("min", min)
        .put("max", max);
    return this;
  }

  /**
   * Requests of {@code method} are applied as usual but answered {@code status}: a change that
   * landed although the caller saw it fail (a timeout, a 503).
   */
  FakeService failing(String method, int status) {
    failing.put(method, status);
    return this;
  }

  /** Like {@link #failing}, for the next {@code times} requests of {@code method} only. */
  FakeService failing(String method, int status, int times) {
    failing.put(method, status);
    remaining.put(method, times);
    return this;
  }

  /** Answers as usual again. */
  void recovered() {
    failing.clear();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    var path = exchange.getRequestURI().getPath();
    requests.add(new Request(exchange.getRequestMethod(), path, body));
    if (!AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, "{\"detail\":\"admin credentials needed\"}");
      return;
    }
    if (path.equals("/api/admin/faults")) {
      answer(exchange, 200, JSON.writeValueAsString(faults.values()));
      return;
    }
    var fault = faults.get(path.substring("/api/admin/faults/".length()));
    if (fault == null) {
      answer(exchange, 404, "{\"detail\":\"No fault named that\"}");
      return;
    }
    switch (exchange.getRequestMethod()) {
      case "PUT" -> {
        fault.put("enabled", true);
        JSON.readTree(body)
            .properties()
            .forEach(entry -> {
              if (!entry.getKey().equals("enabled")) {
                fault.withObjectProperty("parameters").set(entry.getKey(), entry.getValue());
              }
            });
      }
      case "DELETE" -> fault.put("enabled", false);
      default -> {
        answer(exchange, 405, "{}");
        return;
      }
    }
    var status = failing.get(exchange.getRequestMethod());
    var left = remaining.computeIfPresent(exchange.getRequestMethod(), (method, n) -> n - 1);
    if (left != null && left <= 0) {
      failing.remove(exchange.getRequestMethod());
      remaining.remove(exchange.getRequestMethod());
    }
    if (status != null) {
      answer(exchange, status, "{\"detail\":\"Faults unavailable\"}");
      return;
    }
    answer(exchange, 200, JSON.writeValueAsString(fault));
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    var bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
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
