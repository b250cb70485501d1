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
import dev.orderflow.systemtest.PoisonRecords.Poison;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite: orders from several clients (each order with its own idempotency key, a failed
 * POST sent again with it) while every part of the stack is killed with SIGKILL and restarted by
 * the supervisor, twice each, in random order, some kills overlapping; poison records of every kind
 * on every topic in between. Then {@code ./devstack verify}'s checks must find nothing wrong: every
 * order answered 202 stored and decided, the read side equal to the event store, stock conserved,
 * one email per terminal state, outboxes drained, lag 0, every service UP; and every poison record
 * sits in its topic's dead-letter topic, dead-lettered by every consumer group that read it.
 *
 * <p>It runs on a stack of its own (fresh data, free ports). The seed of its random schedule is
 * printed, and {@code -Dchaos.seed=<seed>} replays a schedule. Its figures are printed and written
 * to {@code target/chaos/figures.md}.
 */
class ChaosIT {

  private static final List<String> PARTS =
      List.of(
          "order-service",
          "inventory-service",
          "notification-service",
          "projection-service",
          "kafka",
          "mongo",
          "smtp");

  private static final int KILLS_PER_PART = 2;
  private static final int CLIENTS = 8;
  private static final int SKUS = 20;
  private static final Duration RECOVERY = Duration.ofMinutes(3);

  /**
   * One kill: which part, when (seconds into the schedule), how long it took to serve again, and
   * the client errors while it was away (POSTs that failed and were sent again, cancels that
   * failed; with kills overlapping, an error counts for every fault under way).
   */
  record Kill(String part, double at, double recoverySeconds, long clientErrors) {}

  /** Cancels the service failed to answer, so far. */
  private final AtomicLong cancelsFailed = new AtomicLong();

  @Test
  void every_guarantee_holds_after_every_part_was_killed_at_random_under_load() throws Exception {
    long seed = Long.getLong("chaos.seed", System.nanoTime());
    var random = new Random(seed);
    var root = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
    var dataDir = root.resolve("system-tests/target/chaos");
    var options =
        DevstackOptions.defaults(root)
            .dataDir(dataDir)
            .fresh(true)
            .withFreePorts()
            .clientLimits(1_000_000)
            .prometheus(false);
    var figures = new StringBuilder();
    log(figures, "chaos seed %d (replay with -Dchaos.seed=%d)", seed, seed);

    try (var stack = Devstack.start(options);
        var ledger = Ledger.appendingTo(dataDir.resolve("data/ledger/chaos.txt"))) {
      var api =
          new OrderApi(
              URI.create(stack.serviceUrl("order-service")),
              URI.create(stack.serviceUrl("inventory-service")),
              ledger,
              Duration.ofMinutes(2));
      var mix = new Mix(SKUS, 3, 0);
      for (int i = 0; i < SKUS; i++) {
        api.stock(mix.sku(i), 300);
      }

      var accepted = new AtomicInteger();
      var gaveUp = new AtomicInteger();
      var traffic = new AtomicBoolean(true);
      var kills = new CopyOnWriteArrayList<Kill>();
      var poisoned = new CompletableFuture<List<Poison>>();
      long start = System.nanoTime();
      try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < CLIENTS; c++) {
          long clientSeed = random.nextLong();
          clients.submit(() -> client(api, mix, new Random(clientSeed), traffic, accepted, gaveUp));
        }
        await("some orders accepted before the first fault")
            .atMost(Duration.ofSeconds(60))
            .until(() -> accepted.get() >= 50);

        var schedule = schedule(random);
        try (var faults = Executors.newScheduledThreadPool(2)) {
          var done = new AtomicInteger();
          long scheduled = System.nanoTime();
          for (var planned : schedule) {
            faults.schedule(
                () -> {
                  double at = (System.nanoTime() - scheduled) / 1e9;
                  var part = planned.part();
                  long before = stack.pid(part);
                  stack.kill(part);
                  if (done.incrementAndGet() == 4) {
                    Thread.ofVirtual()
                        .start(() -> {
                          try {
                            poisoned.complete(PoisonRecords.sendTo(stack.kafkaBootstrapServers()));
                          } catch (InterruptedException | RuntimeException e) {
                            poisoned.completeExceptionally(e);
                          }
                        });
                  }
                  long errorsBefore = api.resent() + cancelsFailed.get();
                  Thread.ofVirtual()
                      .start(() -> {
                        double recovery = recover(stack, part, before);
                        long errors = api.resent() + cancelsFailed.get() - errorsBefore;
                        kills.add(new Kill(part, at, recovery, errors));
                      });
                },
                Math.round(planned.at() * 1000),
                TimeUnit.MILLISECONDS);
          }
          await("every planned kill done and every part serving again")
              .atMost(Duration.ofMinutes(8))
              .pollInterval(Duration.ofSeconds(1))
              .until(() -> kills.size() == schedule.size());
        }
        int recovered = accepted.get();
        await("orders accepted again after every part is back")
            .atMost(RECOVERY)
            .until(() -> accepted.get() >= recovered + 20);
        traffic.set(false);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      var poison = poisoned.get(RECOVERY.toSeconds(), TimeUnit.SECONDS);

      var verdict =
          new Verifier(
                  new Target(
                      URI.create(stack.serviceUrl("order-service")),
                      URI.create(stack.serviceUrl("inventory-service")),
                      URI.create(stack.serviceUrl("notification-service")),
                      URI.create(stack.serviceUrl("projection-service")),
                      stack.mongoUri(""),
                      stack.kafkaBootstrapServers()),
                  // Nothing is too recent to check: once the traffic stopped, every order must
                  // show everywhere, and the verifier looks again until it does.
                  new Invariants(Duration.ofSeconds(45), Duration.ZERO),
                  Clock.systemUTC())
              .verify(Ledger.read(List.of(dataDir.resolve("data/ledger"))), RECOVERY, quiet());

      log(
          figures,
          "%.0f s of traffic from %d clients: %d orders accepted (202), %d POSTs sent again"
              + " after a failure, %d cancels failed, %d orders given up after 2 minutes of"
              + " failures",
          seconds,
          CLIENTS,
          accepted.get(),
          api.resent(),
          cancelsFailed.get(),
          gaveUp.get());
      log(
          figures,
          "%d faults (SIGKILL), recovery = kill to the part serving again, client errors ="
              + " failed requests meanwhile:",
          kills.size());
      kills.stream()
          .sorted((a, b) -> Double.compare(a.at(), b.at()))
          .forEach(kill ->
              log(
                  figures,
                  "  %6.1f s  %-21s back in %5.1f s  %4d client errors",
                  kill.at(),
                  kill.part(),
                  kill.recoverySeconds(),
                  kill.clientErrors()));
      log(figures, "%d poison records sent", poison.size());
      figures.append(verdict.report());
      System.out.println(figures);
      Files.createDirectories(dataDir);
      Files.writeString(dataDir.resolve("figures.md"), figures.toString());

      assertThat(verdict.failures()).as(verdict.report()).isEmpty();
      assertThat(kills).extracting(Kill::part).containsAll(PARTS);
      for (var record : poison) {
        assertThat(deadLetteredBy(stack, record))
            .as("consumer groups that dead-lettered %s on %s", record.kind(), record.topic())
            .containsExactlyInAnyOrderElementsOf(PoisonRecords.READERS.get(record.topic()));
      }
    }
  }

  /** A client: one order after another, each with its own key, until the traffic stops. */
  private Void client(
      OrderApi api,
      Mix mix,
      Random random,
      AtomicBoolean traffic,
      AtomicInteger accepted,
      AtomicInteger gaveUp)
      throws InterruptedException {
    while (traffic.get()) {
      try {
        var placed = api.place(mix.next());
        if (placed.isEmpty()) {
          gaveUp.incrementAndGet();
        } else {
          accepted.incrementAndGet();
          if (random.nextInt(10) == 0) {
            cancel(api, placed.get());
          }
        }
      } catch (java.io.IOException e) {
        gaveUp.incrementAndGet();
      }
      TimeUnit.MILLISECONDS.sleep(300 + random.nextInt(400));
    }
    return null;
  }

  /** A cancel, as a client sends it: once; whatever it answers, the order's fate is recorded. */
  private void cancel(OrderApi api, String orderId) throws InterruptedException {
    try {
      if (!api.cancel(orderId)) {
        cancelsFailed.incrementAndGet();
      }
    } catch (java.io.IOException e) {
      // The service is away: the order stays as it is, which the checks then see.
      cancelsFailed.incrementAndGet();
    }
  }

  /**
   * Every part {@link #KILLS_PER_PART} times, shuffled; 4 to 10 s apart, and one kill in four
   * within a second of the one before, so that two parts are down together.
   */
  private static List<Kill> schedule(Random random) {
    var parts = new ArrayList<String>();
    for (int i = 0; i < KILLS_PER_PART; i++) {
      parts.addAll(PARTS);
    }
    Collections.shuffle(parts, random);
    var planned = new ArrayList<Kill>();
    double at = 0;
    for (var part : parts) {
      planned.add(new Kill(part, at, 0, 0));
      at += random.nextInt(4) == 0 ? 0.2 + random.nextDouble() * 0.8 : 4 + random.nextDouble() * 6;
    }
    return planned;
  }

  /** Seconds from the kill until the part runs in a new process and serves. */
  private static double recover(Devstack stack, String part, long killedPid) {
    long killed = System.nanoTime();
    await(part + " serving again after its kill")
        .atMost(RECOVERY)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> stack.pid(part) != killedPid && stack.isReady(part));
    return (System.nanoTime() - killed) / 1e9;
  }

  /** The consumer groups whose dead letters of {@code record} sit in its dead-letter topic. */
  private static List<String> deadLetteredBy(Devstack stack, Poison record) {
    return await("dead letters of " + record.kind() + " on " + record.topic())
        .atMost(RECOVERY)
        .until(
            () ->
                TopicRecords.readAll(stack.kafkaBootstrapServers(), record.topic() + ".DLT")
                    .stream()
                    .filter(letter -> record.key().equals(letter.key()))
                    .map(letter ->
                        new String(
                            letter
                                .headers()
                                .lastHeader("kafka_dlt-original-consumer-group")
                                .value(),
                            UTF_8))
                    .distinct()
                    .collect(Collectors.toList()),
            groups -> groups.size() >= PoisonRecords.READERS.get(record.topic()).size());
  }

  private static void log(StringBuilder figures, String format, Object... arguments) {
    figures.append(String.format(Locale.ROOT, format, arguments)).append('\n');
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, UTF_8);
  }
}
