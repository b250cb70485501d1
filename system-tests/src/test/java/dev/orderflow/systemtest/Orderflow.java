package dev.orderflow.systemtest;

import static java.net.http.HttpRequest.BodyPublishers.noBody;
import static java.net.http.HttpRequest.BodyPublishers.ofString;

import dev.orderflow.devstack.Devstack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP contract of DESIGN.md, called from outside exactly as a client would. */
public final class Orderflow {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final Devstack stack;

  Orderflow(Devstack stack) {
    this.stack = stack;
  }

  /** One line of an order. */
  public record Line(String sku, int quantity, String unitPrice) {

    Map<String, Object> json() {
      return Map.of(
          "sku", sku, "quantity", quantity, "unitPrice", new java.math.BigDecimal(unitPrice));
    }
  }

  /** An answer: status, body (JSON, or null) and headers. */
  public record Answer(int status, JsonNode body, HttpResponse<String> response) {

    public String text(String field) {
      return body.get(field).asString();
    }

    public String contentType() {
      return response.headers().firstValue("Content-Type").orElse("");
    }

    public Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }
  }

  public Answer placeOrder(String customerId, List<Line> lines) {
    return placeOrder(customerId, lines, null);
  }

  public Answer placeOrder(String customerId, List<Line> lines, String idempotencyKey) {
    var body = Map.of("customerId", customerId, "lines", lines.stream().map(Line::json).toList());
    var request = post(url("order-service", "/api/orders"), JSON.writeValueAsString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request);
  }

  /** Places an order as part of the caller's trace (a W3C {@code traceparent}). */
  public Answer placeOrderInTrace(String customerId, List<Line> lines, String traceparent) {
    var body = Map.of("customerId", customerId, "lines", lines.stream().map(Line::json).toList());
    var request = post(url("order-service", "/api/orders"), JSON.writeValueAsString(body));
    request.header("traceparent", traceparent);
    return send(request);
  }

  public Answer postRawOrder(String rawBody) {
    return send(post(url("order-service", "/api/orders"), rawBody));
  }

  public Answer cancel(String orderId) {
    return send(
        HttpRequest.newBuilder(url("order-service", "/api/orders/" + orderId + "/cancel"))
            .POST(noBody()));
  }

  /** The write side's state: {@code {"orderId","status","version"}}. */
  public Answer order(String orderId) {
    return get("order-service", "/api/orders/" + orderId);
  }

  /** The read side's view: {@code {"orderId","customerId","status","lines","total","timeline"}}. */
  public Answer projectedOrder(String orderId) {
    return get("projection-service", "/api/orders/" + orderId);
  }

  public Answer setStock(String sku, Object onHand) {
    var request =
        HttpRequest.newBuilder(url("inventory-service", "/api/stock/" + sku))
            .header("Content-Type", "application/json")
            .PUT(ofString(JSON.writeValueAsString(Map.of("onHand", onHand))));
    return send(request);
  }

  public Answer stock(String sku) {
    return get("inventory-service", "/api/stock/" + sku);
  }

  public Answer notifications(String orderId) {
    return get("notification-service", "/api/notifications?orderId=" + orderId);
  }

  /** Switches a fault of a service on, with its parameters, through the admin API. */
  public Answer faultOn(String service, String fault, Map<String, Object> parameters) {
    var body = new HashMap<String, Object>(parameters);
    body.put("enabled", true);
    return send(
        admin(HttpRequest.newBuilder(url(service, "/api/admin/faults/" + fault)))
            .header("Content-Type", "application/json")
            .PUT(ofString(JSON.writeValueAsString(body))));
  }

  public Answer faultOff(String service, String fault) {
    return send(admin(HttpRequest.newBuilder(url(service, "/api/admin/faults/" + fault))).DELETE());
  }

  /** The service's faults, as {@code GET /api/admin/faults} lists them. */
  public Answer faults(String service) {
    return send(admin(HttpRequest.newBuilder(url(service, "/api/admin/faults"))).GET());
  }

  /** The service's dead letters, as {@code GET /api/admin/dead-letters} lists them. */
  public Answer deadLetters(String service) {
    return send(admin(HttpRequest.newBuilder(url(service, "/api/admin/dead-letters"))).GET());
  }

  /** The service's {@code /actuator/prometheus} text. */
  public String metrics(String service) {
    return exchange(HttpRequest.newBuilder(url(service, "/actuator/prometheus")).GET()).body();
  }

  /** With the stack's admin credentials (generated on its first start). */
  private HttpRequest.Builder admin(HttpRequest.Builder request) {
    return request.header("Authorization", stack.adminCredentials().basicAuthorization());
  }

  private Answer get(String service, String path) {
    return send(HttpRequest.newBuilder(url(service, path)).GET());
  }

  private URI url(String service, String path) {
    return URI.create(stack.serviceUrl(service) + path);
  }

  private static HttpRequest.Builder post(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(ofString(body));
  }

  private Answer send(HttpRequest.Builder request) {
    var response = exchange(request);
    var body = response.body().isBlank() ? null : JSON.readTree(response.body());
    return new Answer(response.statusCode(), body, response);
  }

  private HttpResponse<String> exchange(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
