package dev.orderflow.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The parts of the HTTP contract the load generator calls. */
final class OrderApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI orders;
  private final URI inventory;

  OrderApi(URI orders, URI inventory) {
    this.orders = orders;
    this.inventory = inventory;
  }

  /** The new order's id when it was accepted ({@code 202}); empty when it was not. */
  Optional<String> place(Mix.Order order) throws IOException, InterruptedException {
    var body =
        JSON.writeValueAsString(Map.of("customerId", order.customerId(), "lines", order.lines()));
    var response =
        http.send(
            HttpRequest.newBuilder(orders.resolve("/api/orders"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body))
                .build(),
            BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      return Optional.empty();
    }
    return Optional.of(JSON.readTree(response.body()).get("orderId").asText());
  }

  void cancel(String orderId) throws IOException, InterruptedException {
    http.send(
        HttpRequest.newBuilder(orders.resolve("/api/orders/" + orderId + "/cancel"))
            .timeout(TIMEOUT)
            .POST(BodyPublishers.noBody())
            .build(),
        BodyHandlers.discarding());
  }

  /** Sets a sku's stock; fails loudly, since a run without stock would measure rejections. */
  void stock(String sku, long onHand) throws IOException, InterruptedException {
    var response =
        http.send(
            HttpRequest.newBuilder(inventory.resolve("/api/stock/" + sku))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"onHand\":" + onHand + "}"))
                .build(),
            BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "Could not stock " + sku + ": " + response.statusCode() + " " + response.body());
    }
  }
}
