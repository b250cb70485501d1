package dev.orderflow.systemtest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.DevstackOptions;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.devstack.verify.Invariants;
import dev.orderflow.devstack.verify.Ledger;
import dev.orderflow.devstack.verify.Target;
import dev.orderflow.devstack.verify.Verifier;
import dev.orderflow.loadgen.Mix;
import dev.orderflow.loadgen.OrderApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of every service and three Kafka brokers on one machine, as {@code ./devstack
 * --instances 2 --brokers 3} runs them: orders placed through both order-service instances are
 * decided without waiting for a sweep (every instance relays its own events), each order's versions
 * reach the topic in order, and the work is split between the instances. Then, while orders flow,
 * the instance that holds the outbox sweep lease, one inventory-service instance and one broker are
 * killed with SIGKILL: every guarantee of {@code ./devstack verify} holds after. A subscriber of
 * one projection instance sees orders placed through either order-service instance and resumes on
 * the other projection instance without a reset; a rebuild started on one projection instance ends
 * with the read side equal to the event store; a fault switched through one instance acts on both.
 * Figures go to {@code target/scaleout/figures.md}.
 */
class ScaleOutIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int SKUS = 20;
  private static final Duration RECOVERY = Duration.ofMinutes(3);

  /**
   * Under devstack an outbox is swept every 30 s: an order whose events waited for sweeps on the
   * saga's hops would take tens of seconds. (Eleven JVMs share two cores here, so the latency of a
   * decision is seconds, not the ~100 ms of a single instance on a quiet machine: the sweep
   * counters, not the latency, show that no event waited for a sweep.)
   */
  private static final Duration NO_SWEEP_WAIT = Duration.ofSeconds(20);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final StringBuilder figures = new StringBuilder();

  @Test
  void two_instances_of_every_service_and_three_brokers_keep_every_guarantee() throws Exception {
    var root = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
    var dataDir = root.resolve("system-tests/target/scaleout");
    var options =
        DevstackOptions.defaults(root)
            .dataDir(dataDir)
            .fresh(true)
            .withFreePorts()
            .instances(2)
            .brokers(3)
            .clientLimits(1_000_000)
            .prometheus(false);
    long starting = System.nanoTime();
    try (var stack = Devstack.start(options);
        var ledger = Ledger.appendingTo(dataDir.resolve("data/ledger/scaleout.txt"))) {
      log("stack of 2 instances per service and 3 brokers ready in %.1f s", since(starting));
      var orders = stack.serviceUrls("order-service");
      var projections = stack.serviceUrls("projection-service");
      assertThat(orders).hasSize(2);
      var apis = new ArrayList<OrderApi>();
      for (var url : orders) {
        apis.add(
            new OrderApi(
                URI.create(url),
                URI.create(stack.serviceUrl("inventory-service")),
                ledger,
                Duration.ofMinutes(2)));
      }
      var mix = new Mix(SKUS, 3, 0);
      for (int i = 0; i < SKUS; i++) {
        apis.get(i % 2).stock(mix.sku(i), 1_000);
      }

      // A subscriber of the second projection instance, from now on.
      try (var stream = Stream.open(http, URI.create(projections.get(1)), null)) {
        // Warm-up: the services have just started (compiled by C1 as they go).
        var warmUp = new ConcurrentHashMap<String, Long>();
        placeOrders(apis, mix, 60, warmUp, new ConcurrentHashMap<>());
        await("warm-up orders decided")
            .atMost(Duration.ofMinutes(2))
            .until(() -> stream.decidedAt(warmUp.keySet()).size() == warmUp.size());
        var sweptBefore = outboxEvents(stack, "outbox_swept_events_total");
        var relayedBefore = outboxEvents(stack, "outbox_relayed_events_total");

        var placed = new ConcurrentHashMap<String, Long>();
        var through = new ConcurrentHashMap<String, Integer>();
        placeOrders(apis, mix, 80, placed, through);
        var decided =
            await("every order placed through either instance decided on projection-service-2")
                .atMost(Duration.ofMinutes(2))
                .until(() -> stream.decidedAt(placed.keySet()), d -> d.size() == placed.size());
        var latencies = new ArrayList<Long>();
        placed.forEach(
            (id, at) -> latencies.add(TimeUnit.NANOSECONDS.toMillis(decided.get(id) - at)));
        latencies.sort(null);
        long p50 = latencies.get(latencies.size() / 2);
        long p95 = latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
        long max = latencies.getLast();
        log(
            "%d orders through both order-service instances (%d and %d), decided as seen on"
                + " projection-service-2: p50 %d ms, p95 %d ms, max %d ms",
            placed.size(), count(through, 0), count(through, 1), p50, p95, max);
        // Before, only the lease holder relayed: half the events of two instances waited for its
        // sweep. Now a sweep finds only what a slow hand-off left past the sweep's grace.
        double swept = outboxEvents(stack, "outbox_swept_events_total") - sweptBefore;
        double relayed = outboxEvents(stack, "outbox_relayed_events_total") - relayedBefore;
        log("events relayed %.0f, of which found by a sweep %.0f", relayed, swept);
        assertThat(count(through, 0)).isPositive();
        assertThat(count(through, 1)).isPositive();
        assertThat(swept).as("events that waited for a sweep").isLessThanOrEqualTo(relayed / 20);
        assertThat(Duration.ofMillis(p95))
            .as("p95 from 202 to decided, with every instance relaying its own events")
            .isLessThan(NO_SWEEP_WAIT);

        // Resume on the other projection instance from the last id seen on this one.
        var lastId = stream.lastId();
        assertThat(lastId).isNotNull();
        var afterSwitch = new ConcurrentHashMap<String, Long>();
        placeOrders(apis, mix, 10, afterSwitch, new ConcurrentHashMap<>());
        try (var resumed = Stream.open(http, URI.create(projections.get(0)), lastId)) {
          var later = new ArrayList<>(afterSwitch.keySet());
          await("orders placed after the switch seen on projection-service after resuming")
              .atMost(Duration.ofMinutes(1))
              .until(() -> resumed.decidedAt(later).size() == later.size());
          assertThat(resumed.resets()).as("resets after resuming on another instance").isZero();
          assertThat(resumed.firstId())
              .as("first id after resuming from %s", lastId)
              .isEqualTo(Long.parseLong(lastId) + 1);
        }
      }

      assertVersionsInOrder(stack.kafkaBootstrapServers());
      assertWorkSplit(stack);

      // SIGKILLs while orders flow: the sweep lease holder, one consumer instance, one broker.
      var traffic = new AtomicBoolean(true);
      var accepted = new AtomicInteger();
      var kills = new CopyOnWriteArrayList<String>();
      try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
        // One client per order-service instance (~5 orders/s in all): eleven JVMs share two
        // cores, and a heavier load only slows down the restarts being tested.
        for (int c = 0; c < 2; c++) {
          var api = apis.get(c % 2);
          long seed = c;
          clients.submit(() -> client(api, mix, new Random(seed), traffic, accepted));
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> accepted.get() >= 40);
        var leader = sweepLeader(stack);
        for (var part : List.of(leader, "inventory-service-2", "kafka-2")) {
          long pid = stack.pid(part);
          long killed = System.nanoTime();
          stack.kill(part);
          await(part + " serving again after its kill")
              .atMost(RECOVERY)
              .pollInterval(Duration.ofMillis(200))
              .ignoreExceptions()
              .until(() -> stack.pid(part) != pid && stack.isReady(part));
          kills.add(String.format(Locale.ROOT, "%s back in %.1f s", part, since(killed)));
          int before = accepted.get();
          await("orders accepted after " + part + " came back")
              .atMost(RECOVERY)
              .until(() -> accepted.get() >= before + 20);
        }
        traffic.set(false);
      }
      log("SIGKILL while orders flowed: %s; %d orders accepted meanwhile", kills, accepted.get());

      // A rebuild across both projection instances, then every guarantee.
      long generation = orderGeneration(stack, projections.get(1));
      var rebuild = adminPost(stack, projections.get(0), "/api/admin/projections/order/rebuild");
      assertThat(rebuild).isEqualTo(202);
      long rebuilding = System.nanoTime();
      await("the order projection LIVE in a new generation on both instances")
          .atMost(RECOVERY)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> {
            for (var url : projections) {
              if (orderGeneration(stack, url) <= generation) {
                return false;
              }
            }
            return true;
          });
      log("rebuild of the order projection across both instances: %.1f s", since(rebuilding));

      var verdict =
          new Verifier(
                  new Target(
                      URI.create(stack.serviceUrl("order-service")),
                      URI.create(stack.serviceUrl("inventory-service")),
                      URI.create(stack.serviceUrl("notification-service")),
                      URI.create(stack.serviceUrl("projection-service")),
                      stack.mongoUri(""),
                      stack.kafkaBootstrapServers()),
                  new Invariants(Duration.ofSeconds(45), Duration.ZERO),
                  Clock.systemUTC())
              .verify(Ledger.read(List.of(dataDir.resolve("data/ledger"))), RECOVERY, quiet());
      figures.append(verdict.report());
      assertThat(verdict.failures()).as(verdict.report()).isEmpty();

      assertFaultActsOnBothInstances(stack);
    } finally {
      System.out.println(figures);
      Files.createDirectories(dataDir);
      Files.writeString(dataDir.resolve("figures.md"), figures.toString());
    }
  }

  private void placeOrders(
      List<OrderApi> apis,
      Mix mix,
      int count,
      Map<String, Long> placed,
      Map<String, Integer> through)
      throws Exception {
    try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
      var futures = new ArrayList<java.util.concurrent.Future<?>>();
      for (int i = 0; i < count; i++) {
        int instance = i % apis.size();
        var order = mix.next();
        long pauseMillis = 200L * (i / apis.size());
        futures.add(
            clients.submit(() -> {
              TimeUnit.MILLISECONDS.sleep(pauseMillis);
              long at = System.nanoTime();
              var id = apis.get(instance).place(order).orElseThrow();
              placed.put(id, at);
              through.put(id, instance);
              return null;
            }));
      }
      for (var future : futures) {
        future.get(2, TimeUnit.MINUTES);
      }
    }
  }

  /** A client: one order after another through one instance, until the traffic stops. */
  private static Void client(
      OrderApi api, Mix mix, Random random, AtomicBoolean traffic, AtomicInteger accepted)
      throws InterruptedException {
    while (traffic.get()) {
      try {
        if (api.place(mix.next()).isPresent()) {
          accepted.incrementAndGet();
        }
      } catch (IOException e) {
        // The instance is away for good (two minutes): the ledger holds what it answered.
      }
      TimeUnit.MILLISECONDS.sleep(200 + random.nextInt(300));
    }
    return null;
  }

  private static long count(Map<String, Integer> through, int instance) {
    return through.values().stream().filter(i -> i == instance).count();
  }

  /** The order-service instance that holds the outbox sweep lease ({@code outbox_relay_leader}). */
  private String sweepLeader(Devstack stack) {
    var urls = stack.serviceUrls("order-service");
    return await("one order-service instance holding the sweep lease")
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .until(
            () -> {
              var holders = new ArrayList<String>();
              for (int i = 0; i < urls.size(); i++) {
                if (metric(urls.get(i), "outbox_relay_leader") == 1) {
                  holders.add(i == 0 ? "order-service" : "order-service-" + (i + 1));
                }
              }
              return holders.size() == 1 ? holders.getFirst() : null;
            },
            holder -> holder != null);
  }

  /** Both instances of every consumer took a share of the records. */
  private void assertWorkSplit(Devstack stack) throws Exception {
    for (var service :
        List.of(
            "order-service", "inventory-service", "notification-service", "projection-service")) {
      var shares = new ArrayList<Double>();
      for (var url : stack.serviceUrls(service)) {
        shares.add(metric(url, "kafka_consumer_records_total"));
      }
      log("%s: records handled per instance %s", service, shares);
      assertThat(shares).as("records handled by each instance of %s", service).allMatch(n -> n > 0);
    }
    var relayed = new ArrayList<Double>();
    for (var url : stack.serviceUrls("order-service")) {
      relayed.add(metric(url, "outbox_relayed_events_total"));
    }
    log("order-service: events relayed per instance %s", relayed);
    assertThat(relayed).as("events relayed by each order-service instance").allMatch(n -> n > 0);
  }

  /** An outbox counter summed over every instance of the services that relay events. */
  private double outboxEvents(Devstack stack, String counter) throws Exception {
    double sum = 0;
    for (var service : List.of("order-service", "inventory-service", "notification-service")) {
      for (var url : stack.serviceUrls(service)) {
        sum += metric(url, counter);
      }
    }
    return sum;
  }

  /** The sum of every series of {@code name} on an instance's {@code /actuator/prometheus}. */
  private double metric(String baseUrl, String name) throws IOException, InterruptedException {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus")).build(),
            BodyHandlers.ofString());
    assertThat(response.statusCode()).as("scrape of %s", baseUrl).isEqualTo(200);
    var body = response.body();
    double sum = 0;
    for (var line : body.lines().toList()) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** For every order, its versions reached orders.events in order: none before the one before. */
  private void assertVersionsInOrder(String bootstrapServers) {
    var seen = new HashMap<String, Long>();
    int records = 0;
    int duplicates = 0;
    for (var record : TopicRecords.readCommitted(bootstrapServers, "orders.events")) {
      records++;
      long version = JSON.readTree(record.value()).path("version").asLong();
      long highest = seen.getOrDefault(record.key(), 0L);
      if (version <= highest) {
        duplicates++;
        continue;
      }
      assertThat(version)
          .as(
              "version of order %s after version %d at offset %d",
              record.key(), highest, record.offset())
          .isEqualTo(highest + 1);
      seen.put(record.key(), version);
    }
    log(
        "orders.events: %d records of %d orders, versions in order; %d duplicates",
        records, seen.size(), duplicates);
  }

  private int adminPost(Devstack stack, String baseUrl, String path)
      throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", stack.adminCredentials().basicAuthorization())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            BodyHandlers.discarding())
        .statusCode();
  }

  private JsonNode adminJson(Devstack stack, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    var response =
        http.send(
            request
                .header("Authorization", stack.adminCredentials().basicAuthorization())
                .header("Content-Type", "application/json")
                .build(),
            BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    return JSON.readTree(response.body());
  }

  /** The live generation of the order projection as an instance reports it, once LIVE. */
  private long orderGeneration(Devstack stack, String baseUrl) throws Exception {
    var projections =
        adminJson(stack, HttpRequest.newBuilder(URI.create(baseUrl + "/api/admin/projections")));
    for (var projection : projections) {
      if (projection.path("name").asString().equals("order")
          && projection.path("status").asString().equals("LIVE")) {
        return projection.path("generation").asLong();
      }
    }
    return -1;
  }

  /** A fault switched through the second instance is applied by both, and the answer says so. */
  private void assertFaultActsOnBothInstances(Devstack stack) throws Exception {
    var urls = stack.serviceUrls("inventory-service");
    var answer =
        adminJson(
            stack,
            HttpRequest.newBuilder(URI.create(urls.get(1) + "/api/admin/faults/slow-consumer"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":true,\"delayMs\":50}")));
    log("PUT slow-consumer through inventory-service-2: %s", answer.path("instances"));
    assertThat(answer.path("instances").path("applied")).hasSize(2);
    assertThat(answer.path("instances").path("pending")).isEmpty();
    var onFirst =
        adminJson(stack, HttpRequest.newBuilder(URI.create(urls.get(0) + "/api/admin/faults")));
    var slowConsumer =
        java.util.stream.StreamSupport.stream(onFirst.spliterator(), false)
            .filter(fault -> fault.path("name").asString().equals("slow-consumer"))
            .findFirst()
            .orElseThrow();
    assertThat(slowConsumer.path("enabled").asBoolean()).isTrue();
    assertThat(slowConsumer.path("instances").path("applied")).hasSize(2);
    var off =
        adminJson(
            stack,
            HttpRequest.newBuilder(URI.create(urls.get(0) + "/api/admin/faults/slow-consumer"))
                .DELETE());
    assertThat(off.path("instances").path("applied")).hasSize(2);
  }

  private void log(String format, Object... arguments) {
    figures.append(String.format(Locale.ROOT, format, arguments)).append('\n');
  }

  private static double since(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, UTF_8);
  }

  /**
   * A subscriber of {@code /api/stream}: the time each order's decision arrived, the ids, and the
   * resets it was told.
   */
  private static final class Stream implements AutoCloseable {
    private final Map<String, Long> decided = new ConcurrentHashMap<>();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch subscribed =
        new java.util.concurrent.CountDownLatch(1);
    private volatile @Nullable String lastId;
    private volatile long firstId = -1;
    private final Thread reader;

    private Stream(HttpClient http, URI projection, @Nullable String resumeAfter) {
      var request =
          HttpRequest.newBuilder(projection.resolve("/api/stream"))
              .header("Accept", "text/event-stream");
      if (resumeAfter != null) {
        request.header("Last-Event-ID", resumeAfter);
      }
      reader =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  read(http.send(request.build(), BodyHandlers.ofLines()).body().iterator());
                } catch (IOException | RuntimeException e) {
                  if (!closed.get()) {
                    throw new IllegalStateException(e);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }

    static Stream open(HttpClient http, URI projection, @Nullable String resumeAfter)
        throws InterruptedException {
      var stream = new Stream(http, projection, resumeAfter);
      assertThat(stream.subscribed.await(30, TimeUnit.SECONDS))
          .as("subscribed to %s", projection)
          .isTrue();
      return stream;
    }

    private void read(java.util.Iterator<String> lines) {
      var event = "";
      var data = new StringBuilder();
      while (!closed.get() && lines.hasNext()) {
        var line = lines.next();
        if (line.startsWith(":subscribed")) {
          subscribed.countDown();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        } else if (line.startsWith("id:")) {
          var id = line.substring(3).strip();
          lastId = id;
          if (firstId < 0) {
            firstId = Long.parseLong(id);
          }
        } else if (line.isEmpty()) {
          if (event.equals("reset")) {
            resets.incrementAndGet();
          } else if (event.equals("order") && !data.isEmpty()) {
            var order = JSON.readTree(data.toString());
            var status = order.path("status").asString();
            if (!status.equals("PENDING")) {
              decided.putIfAbsent(order.path("orderId").asString(), System.nanoTime());
            }
          }
          event = "";
          data.setLength(0);
        }
      }
    }

    Map<String, Long> decidedAt(java.util.Collection<String> orderIds) {
      var found = new HashMap<String, Long>();
      for (var id : orderIds) {
        var at = decided.get(id);
        if (at != null) {
          found.put(id, at);
        }
      }
      return found;
    }

    @Nullable String lastId() {
      return lastId;
    }

    long firstId() {
      return firstId;
    }

    int resets() {
      return resets.get();
    }

    @Override
    public void close() {
      closed.set(true);
      reader.interrupt();
    }
  }
}
