package dev.orderflow.devstack.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.devstack.verify.Ledger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds stock, then places orders at a given rate (~1.5/s by default: one every 450-900 ms; at
 * {@code r} per second, one every 2/3 to 4/3 of {@code 1/r} s), cancels one now and then, tops
 * stock up when it runs low, and every 10 s logs one line: what it did and what became of the
 * orders it placed a few seconds earlier. Everything runs on one thread, so nothing here needs
 * locking: a rate the services cannot keep up with is simply not reached.
 */
public final class DemoTraffic implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);

  /** What a SKU is topped up to; an oversized order asks for more. */
  static final int AVAILABLE = 500;

  /** The rate of {@code ./devstack --demo}, in orders per second. */
  public static final double DEMO_RATE = 1.5;

  /** The highest rate this one thread is asked for. */
  public static final double MAX_RATE = 50;

  private static final int LOW = 100;
  private static final Duration OUTCOME_AFTER = Duration.ofSeconds(4);
  private static final Duration SUMMARY_EVERY = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI orderService;
  private final @Nullable URI inventoryService;
  private final Ledger ledger;
  private final double rate;
  private final Random random = new Random();
  private final DemoOrders orders = new DemoOrders(random);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("devstack-demo").daemon().factory());

  private final Deque<Placed> awaitingOutcome = new ArrayDeque<>();
  private final Deque<String> recent = new ArrayDeque<>();
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private int placed;
  private int oversized;
  private int cancels;
  private int errors;
  private String lastError = "";
  private volatile boolean closed;

  private record Placed(String orderId, Instant at) {}

  DemoTraffic(URI orderService, @Nullable URI inventoryService, Ledger ledger, double rate) {
    this.orderService = orderService;
    this.inventoryService = inventoryService;
    this.ledger = ledger;
    this.rate = rate;
  }

  /**
   * @param inventoryService {@code null} when inventory-service does not run: no stock is seeded,
   *     and orders stay PENDING
   * @param ledger where each order answered {@code 202} is recorded, for {@code ./devstack verify}
   */
  public static DemoTraffic start(URI orderService, @Nullable URI inventoryService, Ledger ledger) {
    return start(orderService, inventoryService, ledger, DEMO_RATE);
  }

  /**
   * As {@link #start(URI, URI, Ledger)}, at {@code rate} orders per second.
   *
   * @throws IllegalArgumentException for a rate not above 0 or above {@link #MAX_RATE}
   */
  public static DemoTraffic start(
      URI orderService, @Nullable URI inventoryService, Ledger ledger, double rate) {
    if (!(rate > 0) || rate > MAX_RATE) {
      throw new IllegalArgumentException(
          "The rate must be above 0 and at most %s orders/s, was %s".formatted(MAX_RATE, rate));
    }
    var demo = new DemoTraffic(orderService, inventoryService, ledger, rate);
    demo.scheduler.execute(demo::seed);
    demo.scheduleNextOrder();
    demo.scheduler.scheduleAtFixedRate(
        demo::summarise, SUMMARY_EVERY.toMillis(), SUMMARY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return demo;
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    ledger.close();
  }

  /**
   * Stocks every SKU, and says how many it could: one inventory-service refused or did not answer
   * for is left to the top-up every {@link #SUMMARY_EVERY}, and its orders are rejected meanwhile.
   *
   * @return how many SKUs have {@link #AVAILABLE} available
   */
  int seed() {
    if (inventoryService == null) {
      log.warn("demo: inventory-service is not running; no stock seeded, orders stay PENDING");
      return 0;
    }
    int stocked = 0;
    for (var sku : DemoOrders.SKUS) {
      if (topUp(sku, AVAILABLE)) {
        stocked++;
      }
    }
    if (stocked == DemoOrders.SKUS.size()) {
      log.info(
          "demo: {} SKUs stocked ({} available each); placing ~{} orders/s",
          stocked,
          AVAILABLE,
          rate);
    } else {
      log.warn(
          "demo: {} of {} SKUs stocked (last error: {}); placing ~{} orders/s, those of the others"
              + " are rejected until a top-up, every {} s, stocks them",
          stocked,
          DemoOrders.SKUS.size(),
          lastError,
          rate,
          SUMMARY_EVERY.toSeconds());
    }
    return stocked;
  }

  private void scheduleNextOrder() {
    if (closed) {
      return;
    }
    var bounds = delayBounds(rate);
    long delay = random.nextLong(bounds[0], bounds[1]);
    scheduler.schedule(
        () -> {
          placeOrder();
          checkOutcomes();
          scheduleNextOrder();
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  /** The bounds of the delay before the next order, in ms: 2/3 and 4/3 of the mean. */
  static long[] delayBounds(double rate) {
    double mean = 1000 / rate;
    long low = Math.max(1, Math.round(mean * 2 / 3));
    return new long[] {low, Math.max(low + 1, Math.round(mean * 4 / 3))};
  }

  private void placeOrder() {
    var order = orders.next();
    call(post(orderService.resolve("/api/orders"), json(order)))
        .filter(response -> response.statusCode() == 202)
        .flatMap(response -> field(response.body(), "orderId"))
        .ifPresent(orderId -> {
          ledger.accepted(orderId);
          placed++;
          if (order.oversized()) {
            oversized++;
          }
          awaitingOutcome.addLast(new Placed(orderId, Instant.now()));
          recent.addLast(orderId);
          if (recent.size() > 20) {
            recent.removeFirst();
          }
        });
    if (orders.cancelOne() && !recent.isEmpty()) {
      var victim = new ArrayList<>(recent).get(random.nextInt(recent.size()));
      recent.remove(victim);
      // 409 is an answer too: the order was already rejected or cancelled.
      call(post(orderService.resolve("/api/orders/" + victim + "/cancel"), ""))
          .ifPresent(response -> cancels++);
    }
  }

  private void checkOutcomes() {
    var threshold = Instant.now().minus(OUTCOME_AFTER);
    for (int i = 0; i < 3 && !awaitingOutcome.isEmpty(); i++) {
      if (awaitingOutcome.peekFirst().at().isAfter(threshold)) {
        return;
      }
      var order = awaitingOutcome.removeFirst();
      call(get(orderService.resolve("/api/orders/" + order.orderId())))
          .filter(response -> response.statusCode() == 200)
          .flatMap(response -> field(response.body(), "status"))
          .ifPresent(status -> outcomes.merge(status, 1, Integer::sum));
    }
  }

  private void summarise() {
    var outcome =
        outcomes.isEmpty()
            ? "none yet"
            : outcomes.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", "));
    log.info(
        "demo: last {} s: {} orders placed ({} oversized), {} cancelled; outcomes: {}; {} errors{}",
        SUMMARY_EVERY.toSeconds(),
        placed,
        oversized,
        cancels,
        outcome,
        errors,
        errors > 0 ? " (last: " + lastError + ")" : "");
    placed = 0;
    oversized = 0;
    cancels = 0;
    errors = 0;
    outcomes.clear();
    if (inventoryService != null) {
      DemoOrders.SKUS.forEach(sku -> topUp(sku, LOW));
    }
  }

  /**
   * Makes {@code AVAILABLE} available again when fewer than {@code threshold} are.
   *
   * @return whether at least {@code threshold} are available now
   */
  private boolean topUp(String sku, int threshold) {
    var inventory = inventoryService;
    if (inventory == null) {
      return false;
    }
    var uri = inventory.resolve("/api/stock/" + sku);
    var read = call(get(uri));
    if (read.isEmpty()) {
      return false;
    }
    var response = read.get();
    // An unknown SKU (404) has nothing on hand and nothing reserved.
    var found = response.statusCode();
    if (found != 200 && found != 404) {
      if (found < 500) {
        failed("GET " + uri.getPath() + " -> " + found);
      }
      return false;
    }
    var stock = found == 200 ? tree(response.body()) : JSON.createObjectNode();
    if (stock.path("available").asInt() >= threshold) {
      return true;
    }
    // On hand may not go below what is reserved: top up on top of the reservations.
    int onHand = stock.path("reserved").asInt() + AVAILABLE;
    var written = call(put(uri, json(Map.of("onHand", onHand))));
    if (written.isEmpty()) {
      return false;
    }
    var status = written.get().statusCode();
    if (status / 100 != 2) {
      if (status < 500) {
        failed("PUT " + uri.getPath() + " -> " + status);
      }
      return false;
    }
    return true;
  }

  private Optional<HttpResponse<String>> call(HttpRequest request) {
    if (closed) {
      return Optional.empty();
    }
    try {
      var response = http.send(request, BodyHandlers.ofString());
      if (response.statusCode() >= 500) {
        failed(request.method() + " " + request.uri().getPath() + " -> " + response.statusCode());
      }
      return Optional.of(response);
    } catch (IOException e) {
      failed(request.method() + " " + request.uri().getPath() + ": " + e);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private void failed(String what) {
    errors++;
    lastError = what;
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
  }

  private static HttpRequest post(URI uri, String json) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(json))
        .build();
  }

  private static HttpRequest put(URI uri, String json) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .PUT(BodyPublishers.ofString(json))
        .build();
  }

  private static Optional<String> field(String body, String name) {
    var value = tree(body).path(name);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static JsonNode tree(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
