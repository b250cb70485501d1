package dev.orderflow.systemtest.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.Service;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.systemtest.RunningSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Thousands of requests to every endpoint of every service, each a correct one with up to three
 * things changed to a boundary value or to noise (see {@link RequestGenerator}), and after each:
 *
 * <ul>
 *   <li>never a 5xx (only a health endpoint may say 503, when it reports a component down);
 *   <li>every 4xx is an {@code application/problem+json} with an orderflow problem type and its
 *       status;
 * </ul>
 *
 * and at the end, once the read side has caught up, that nothing was written for a refused request
 * and everything for an accepted one: the orders of every customer named are exactly the ones
 * answered {@code 2xx}, only those cancelled with a {@code 2xx} are cancelled, every sku's stock is
 * its last accepted count or none, no fault is left on, and each read model was rebuilt exactly as
 * often as a rebuild was accepted. A poison record is planted on {@code orders.events} first, so
 * that the re-drives the fuzz sends have a dead letter to send back: each one sent back comes back
 * as exactly one new dead letter (its own group's), never one per service reading the topic.
 *
 * <p>The seed is printed; {@code -Dfuzz.seed=<seed>} replays a run, {@code -Dfuzz.requests=<n>}
 * changes its length (default 2500).
 */
@ExtendWith(RunningSystem.class)
class EdgeFuzzIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** An identifier as docs/api.md defines it: nothing else can name a stored customer. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final int MOST_FAILURES_SHOWN = 15;

  /** The services that read {@code orders.events}: inventory, notification, projection. */
  private static final long POISON_READERS = 3;

  private final Devstack stack;
  private final String admin;

  EdgeFuzzIT(Devstack stack) {
    this.stack = stack;
    this.admin = stack.adminCredentials().basicAuthorization();
  }

  /** What the accepted requests wrote, to compare with what the system holds afterwards. */
  private final Map<String, Set<String>> ordersByCustomer = new TreeMap<>();

  private final Set<String> cancelled = new HashSet<>();
  private final Map<String, Integer> stockBySku = new TreeMap<>();
  private final Set<String> skusTried = new HashSet<>();
  private final Map<String, Integer> rebuilds = new HashMap<>();

  /** The key of the poison record planted for the re-drives, and how often one was sent back. */
  private final String poison = "fuzz-poison-" + UUID.randomUUID();

  private int poisonSentBack;

  @Test
  void no_request_gets_a_5xx_every_refusal_is_a_problem_and_a_refused_request_writes_nothing() {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int requests = Integer.getInteger("fuzz.requests", 2500);
    System.out.printf(
        "fuzz seed %d (replay with -Dfuzz.seed=%d), %d requests%n", seed, seed, requests);

    plantPoison();
    var orderIds = new CopyOnWriteArrayList<String>();
    var projectionsBefore = projections();
    var generator =
        new RequestGenerator(
            new SplittableRandom(seed),
            new RequestGenerator.Pools(
                orderIds, List.copyOf(projectionsBefore.keySet()), faultNames(), admin));
    var failures = new ArrayList<String>();
    var statuses = new TreeMap<Integer, Integer>();

    for (int i = 0; i < requests; i++) {
      var request = generator.next();
      RawHttp.Response response;
      try {
        response = RawHttp.send(port(request.endpoint().service()), request.bytes());
      } catch (IOException e) {
        failures.add("#%d no answer (%s):%n%s".formatted(i, e.getMessage(), request.describe()));
        continue;
      }
      statuses.merge(response.status(), 1, Integer::sum);
      var wrong = judge(request, response);
      if (wrong != null) {
        failures.add("#%d %s:%n%s".formatted(i, wrong, request.describe()));
      }
      record(request, response, orderIds);
    }
    System.out.printf("fuzz answers by status: %s%n", statuses);
    assertThat(failures)
        .as(
            "seed %d: %d of %d requests answered wrong; the first ones",
            seed, failures.size(), requests)
        .satisfies(list ->
            assertThat(list.subList(0, Math.min(list.size(), MOST_FAILURES_SHOWN))).isEmpty());

    theAcceptedWritesAreThereAndNothingElse(projectionsBefore);
  }

  /** What is wrong with the answer, or null if nothing is. */
  private static String judge(FuzzRequest request, RawHttp.Response response) {
    int status = response.status();
    if (status >= 500) {
      boolean healthReportingDown =
          status == 503
              && request.target().startsWith("/actuator/health")
              && response.text().matches("(?s).*\"status\"\\s*:\\s*\"(DOWN|OUT_OF_SERVICE)\".*");
      return healthReportingDown
          ? null
          : "answered %d: %s".formatted(status, abridged(response.text()));
    }
    if (status < 400) {
      return null;
    }
    var contentType = response.header("Content-Type");
    if (!contentType.startsWith("application/problem+json")) {
      return "answered %d as %s, not a problem: %s"
          .formatted(status, contentType, abridged(response.text()));
    }
    if (request.method().equals("HEAD")) {
      return null;
    }
    JsonNode problem;
    try {
      problem = JSON.readTree(response.body());
    } catch (RuntimeException e) {
      return "answered %d with a problem that is no JSON: %s"
          .formatted(status, abridged(response.text()));
    }
    if (!problem.path("type").asString("").startsWith("urn:orderflow:problem:")
        || problem.path("status").asInt() != status) {
      return "answered %d with a problem without its type or status: %s"
          .formatted(status, abridged(response.text()));
    }
    return null;
  }

  /** Writes down what an accepted write did, and puts back a fault it switched on. */
  private void record(FuzzRequest request, RawHttp.Response response, List<String> orderIds) {
    boolean accepted = response.status() >= 200 && response.status() < 300;
    var endpoint = request.endpoint();
    var fields = request.fields();
    if (endpoint.body() == Endpoint.Body.ORDER
        && fields != null
        && fields.get("customerId") instanceof String customer
        && IDENTIFIER.matcher(customer).matches()) {
      var orders = ordersByCustomer.computeIfAbsent(customer, key -> new HashSet<>());
      if (accepted && json(response).has("orderId")) {
        var orderId = json(response).get("orderId").asString();
        orders.add(orderId);
        if (!orderIds.contains(orderId)) {
          orderIds.add(orderId);
        }
      }
    }
    if (accepted
        && endpoint.path().endsWith("/cancel")
        && request.method().equals("POST")
        && json(response).has("orderId")) {
      cancelled.add(json(response).get("orderId").asString());
    }
    if (endpoint.body() == Endpoint.Body.STOCK && endpoint.method().equals("PUT")) {
      var sku = request.variables().get("sku");
      skusTried.add(sku);
      if (accepted && json(response).has("onHand")) {
        stockBySku.put(sku, json(response).get("onHand").asInt());
      }
    }
    if (accepted && json(response).path("enabled").asBoolean(false) && json(response).has("name")) {
      var off =
          send(
              endpoint.service(),
              "DELETE",
              "/api/admin/faults/" + json(response).get("name").asString(),
              true);
      assertThat(off.status()).as("fault switched off again").isEqualTo(200);
    }
    if (accepted && endpoint.path().endsWith("/redrive") && request.method().equals("POST")) {
      var answer = json(response);
      Iterable<JsonNode> letters = answer.isArray() ? answer : List.of(answer);
      for (var letter : letters) {
        if (poison.equals(letter.path("key").asString(""))) {
          poisonSentBack++;
        }
      }
    }
    if (accepted && endpoint.path().endsWith("/rebuild") && request.method().equals("POST")) {
      // The name the service understood: a path variable may be spelled in many ways (escaped
      // characters) that all name the same projection.
      rebuilds.merge(json(response).path("name").asString(), 1, Integer::sum);
    }
  }

  /** A record no service can read, dead-lettered by each of the three that read its topic. */
  private void plantPoison() {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", stack.kafkaBootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>("orders.events", poison, "fuzz poison")).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("Could not plant the poison record", e);
    }
    await("the poison record dead-lettered by each service that reads orders.events")
        .atMost(Duration.ofMinutes(1))
        .until(this::poisonDeadLetters, count -> count == POISON_READERS);
  }

  private long poisonDeadLetters() {
    return TopicRecords.readAll(stack.kafkaBootstrapServers(), "orders.events.DLT").stream()
        .filter(record -> poison.equals(record.key()))
        .count();
  }

  private void theAcceptedWritesAreThereAndNothingElse(Map<String, Long> projectionsBefore) {
    await("every read model live again, rebuilt as often as a rebuild was accepted")
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() -> {
          var now = projections();
          projectionsBefore.forEach((name, generation) ->
              assertThat(now.get(name))
                  .as(name)
                  .isEqualTo(generation + rebuilds.getOrDefault(name, 0)));
        });
    var accepted = ordersByCustomer.values().stream().mapToInt(Set::size).sum();
    System.out.printf(
        "fuzz accepted %d orders of %d customers, %d cancels, stock of %d of %d skus, %d rebuilds,"
            + " the poison record sent back %d times%n",
        accepted,
        ordersByCustomer.size(),
        cancelled.size(),
        stockBySku.size(),
        skusTried.size(),
        rebuilds.values().stream().mapToInt(Integer::intValue).sum(),
        poisonSentBack);

    await("the orders of every customer named are exactly those accepted")
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() ->
            ordersByCustomer.forEach((customer, orders) -> {
              var listed =
                  send(
                      PROJECTION,
                      "GET",
                      "/api/customers/" + encoded(customer) + "/orders?size=100",
                      false);
              var ids = new HashSet<String>();
              json(listed).forEach(order -> ids.add(order.get("orderId").asString()));
              assertThat(ids).as(customer).isEqualTo(orders);
            }));
    await("only the orders cancelled with a 2xx are cancelled")
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() ->
            ordersByCustomer.values().stream()
                .flatMap(Set::stream)
                .forEach(orderId -> {
                  var status =
                      json(send(PROJECTION, "GET", "/api/orders/" + orderId, false))
                          .path("status")
                          .asString("");
                  assertThat(status.equals("CANCELLED"))
                      .as(orderId + " " + status)
                      .isEqualTo(cancelled.contains(orderId));
                }));
    await("each dead letter sent back comes back once, from its own service only")
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() ->
            assertThat(poisonDeadLetters())
                .as("dead letters of the poison record, %d times sent back", poisonSentBack)
                .isEqualTo(POISON_READERS + poisonSentBack));
    for (var sku : skusTried) {
      var stock = send(INVENTORY, "GET", "/api/stock/" + sku, false);
      if (stockBySku.containsKey(sku)) {
        assertThat(json(stock).path("onHand").asInt(-1)).as(sku).isEqualTo(stockBySku.get(sku));
      } else {
        assertThat(stock.status()).as("stock of %s, never accepted", sku).isIn(400, 404);
      }
    }
    for (var service : Endpoint.SERVICES) {
      assertThat(json(send(service, "GET", "/api/admin/faults", true)))
          .as(service + "'s faults")
          .allSatisfy(fault ->
              assertThat(fault.get("enabled").asBoolean())
                  .as(fault.get("name").asString())
                  .isFalse());
    }
  }

  private static final String PROJECTION = Endpoint.PROJECTION;
  private static final String INVENTORY = Endpoint.INVENTORY;

  private Map<String, Long> projections() {
    var generations = new LinkedHashMap<String, Long>();
    for (var projection : json(send(PROJECTION, "GET", "/api/admin/projections", true))) {
      if (!projection.get("status").asString().equals("LIVE")) {
        throw new AssertionError("still rebuilding: " + projection);
      }
      generations.put(projection.get("name").asString(), projection.get("generation").asLong());
    }
    return generations;
  }

  private Map<String, List<String>> faultNames() {
    var names = new HashMap<String, List<String>>();
    for (var service : Endpoint.SERVICES) {
      var faults = new ArrayList<String>();
      json(send(service, "GET", "/api/admin/faults", true))
          .forEach(fault -> faults.add(fault.get("name").asString()));
      names.put(service, List.copyOf(faults));
    }
    return names;
  }

  private RawHttp.Response send(String service, String method, String target, boolean asAdmin) {
    var request = new StringBuilder();
    request
        .append(method)
        .append(' ')
        .append(target)
        .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if (asAdmin) {
      request.append("Authorization: ").append(admin).append("\r\n");
    }
    request.append("\r\n");
    try {
      return RawHttp.send(port(service), request.toString().getBytes(UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int port(String service) {
    return stack.options().port(Service.named(service));
  }

  private static JsonNode json(RawHttp.Response response) {
    try {
      return JSON.readTree(response.body());
    } catch (RuntimeException e) {
      return JSON.createObjectNode();
    }
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, UTF_8).replace("+", "%20");
  }

  private static String abridged(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
