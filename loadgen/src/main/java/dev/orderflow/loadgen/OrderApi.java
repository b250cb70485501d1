package dev.orderflow.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.devstack.verify.Ledger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The parts of the HTTP contract the load generator calls. Each order carries an {@code
 * Idempotency-Key}: a POST that failed (no answer, a 5xx, a 429, or a 409 saying the order was
 * busy: the same request, sent again after a timeout, still running) is sent again with the same
 * key for up to {@link #RETRY_FOR}, as a careful client would, so an order is placed once however
 * often it is sent. Every order answered {@code 202} goes into the ledger, for {@code ./devstack
 * verify}.
 */
public final class OrderApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How long a failing POST is sent again before the order counts as failed, by default. */
  static final Duration RETRY_FOR = Duration.ofSeconds(30);

  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<URI> orders;

  /** Which of {@link #orders} the next request goes to, round-robin. */
  private final AtomicLong next = new AtomicLong();

  private final URI inventory;
  private final Ledger ledger;
  private final Duration retryFor;
  private final LongAdder resent = new LongAdder();

  OrderApi(URI orders, URI inventory, Ledger ledger) {
    this(orders, inventory, ledger, RETRY_FOR);
  }

  /**
   * @param ledger where each order answered {@code 202} is recorded
   * @param retryFor how long a failing POST is sent again
   */
  public OrderApi(URI orders, URI inventory, Ledger ledger, Duration retryFor) {
    this(List.of(orders), inventory, ledger, retryFor);
  }

  /**
   * @param orders every instance of order-service: each POST (with its retries) goes to the next,
   *     round-robin, and so does each cancellation (any instance serves any order)
   * @param ledger where each order answered {@code 202} is recorded
   * @param retryFor how long a failing POST is sent again
   */
  public OrderApi(List<URI> orders, URI inventory, Ledger ledger, Duration retryFor) {
    if (orders.isEmpty()) {
      throw new IllegalArgumentException("At least one order-service is needed");
    }
    this.orders = List.copyOf(orders);
    this.inventory = inventory;
    this.ledger = ledger;
    this.retryFor = retryFor;
  }

  /**
   * The new order's id when it was accepted ({@code 202}); empty when it was refused (a 4xx) or
   * kept failing for the retry time.
   */
  public Optional<String> place(Mix.Order order) throws IOException, InterruptedException {
    var body =
        JSON.writeValueAsString(Map.of("customerId", order.customerId(), "lines", order.lines()));
    var request =
        HttpRequest.newBuilder(nextOrders().resolve("/api/orders"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .POST(BodyPublishers.ofString(body))
            .build();
    long giveUp = System.nanoTime() + retryFor.toNanos();
    var pause = FIRST_PAUSE;
    while (true) {
      int status;
      try {
        var response = http.send(request, BodyHandlers.ofString());
        status = response.statusCode();
        if (status == 202) {
          var orderId = JSON.readTree(response.body()).get("orderId").asText();
          ledger.accepted(orderId);
          return Optional.of(orderId);
        }
        if (status < 500 && status != 429 && status != 409) {
          return Optional.empty();
        }
      } catch (IOException e) {
        if (System.nanoTime() > giveUp) {
          throw e;
        }
      }
      if (System.nanoTime() > giveUp) {
        return Optional.empty();
      }
      resent.increment();
      Thread.sleep(pause);
      pause =
          pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
              ? LONGEST_PAUSE
              : pause.multipliedBy(2);
    }
  }

  /** The order-service instance the next request goes to: each in turn. */
  private URI nextOrders() {
    return orders.get((int) Math.floorMod(next.getAndIncrement(), (long) orders.size()));
  }

  /** POSTs sent again after a failure, so far. */
  public long resent() {
    return resent.sum();
  }

  /**
   * Asks for an order's cancellation, once; false when the service failed to answer it (a 5xx or a
   * 429), true for any other answer, a refusal included (the order was no longer cancellable).
   */
  public boolean cancel(String orderId) throws IOException, InterruptedException {
    int status =
        http.send(
                HttpRequest.newBuilder(nextOrders().resolve("/api/orders/" + orderId + "/cancel"))
                    .timeout(TIMEOUT)
                    .POST(BodyPublishers.noBody())
                    .build(),
                BodyHandlers.discarding())
            .statusCode();
    return status < 500 && status != 429;
  }

  /** Sets a sku's stock; fails loudly, since a run without stock would measure rejections. */
  public void stock(String sku, long onHand) throws IOException, InterruptedException {
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
