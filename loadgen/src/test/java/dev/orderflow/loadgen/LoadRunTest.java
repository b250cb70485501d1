package dev.orderflow.loadgen;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orderflow.devstack.verify.Ledger;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator against a fake orderflow in this JVM: an order API that accepts every order
 * (and rejects every fifth) and a live stream that announces each decision 20 ms after the order
 * was accepted, so every figure of the result is known in advance.
 */
class LoadRunTest {

  static final long DECISION_DELAY_MS = 20;

  volatile long decisionDelayMs = DECISION_DELAY_MS;

  HttpServer server;

  /** A decision for the stream, and a latch the stream opens once it has written it. */
  record Decision(String json, CountDownLatch written) {}

  final BlockingQueue<Decision> decisions = new LinkedBlockingQueue<>();

  /**
   * Whether a POST is answered only once its decision is on the stream (the client sees it first).
   */
  volatile boolean decisionBeforeAnswer;

  volatile boolean cancelsFail;
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger cancels = new AtomicInteger();
  final AtomicInteger stocked = new AtomicInteger();
  final AtomicInteger subscriptions = new AtomicInteger();
  final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
  final AtomicInteger unavailable = new AtomicInteger();
  final List<String> keys = new CopyOnWriteArrayList<>();
  URI base;

  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/api/orders", this::orders);
    server.createContext("/api/stream", this::stream);
    server.createContext(
        "/api/stock",
        exchange -> {
          stocked.incrementAndGet();
          respond(exchange, 200, "{}");
        });
    server.start();
    base = URI.create("http://localhost:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
    later.shutdownNow();
  }

  @Test
  void each_order_is_timed_from_accepted_to_its_confirmation_on_the_live_stream() throws Exception {
    Result result;
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger.txt"))) {
      var run = new LoadRun(new OrderApi(base, base, ledger), new Mix(10, 2, 0.5), true);
      try (var ignored = LiveDecisions.follow(base, run)) {
        result =
            run.run(
                50,
                4,
                Duration.ofSeconds(2),
                new Progress(new PrintStream(OutputStream.nullOutputStream()), "test"));
      }
    }

    assertThat(result.placed()).isEqualTo(accepted.get()).isBetween(90L, 101L);
    assertThat(result.confirmed() + result.rejected()).isEqualTo(result.placed());
    assertThat(result.rejected()).isEqualTo(result.placed() / 5);
    assertThat(result.undecided()).isZero();
    assertThat(result.failed()).isZero();
    assertThat(result.ordersPerSecond()).isBetween(40.0, 55.0);
    assertThat(result.offeredPerSecond()).isEqualTo(50.0);
    assertThat(result.decidedInWindow())
        .isBetween((long) (0.98 * result.placed()), result.placed());
    assertThat(result.decidedPerSecond()).isEqualTo(result.decidedInWindow() / 2.0);
    assertThat(result.keptUp()).isTrue();
    // Timed from the 202's arrival: about the decision's delay, less whatever kept the client from
    // reading the 202 as soon as it came (a few milliseconds on a busy machine), and never the
    // POST's own time on top.
    assertThat(result.p50Ms()).isBetween(DECISION_DELAY_MS / 2.0, DECISION_DELAY_MS + 30.0);
    assertThat(result.p99Ms()).isGreaterThanOrEqualTo(result.p50Ms());
    assertThat(result.cancelled()).isEqualTo(cancels.get()).isPositive();
    assertThat(Ledger.read(List.of(dir.resolve("ledger.txt")))).hasSize(accepted.get());
  }

  @Test
  void a_run_whose_decisions_come_after_its_window_and_drain_fell_behind() throws Exception {
    decisionDelayMs = 1_500;
    Result result;
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger.txt"))) {
      var run =
          new LoadRun(
              new OrderApi(base, base, ledger), new Mix(10, 2, 0), true, Duration.ofMillis(200));
      try (var ignored = LiveDecisions.follow(base, run)) {
        result =
            run.run(
                50,
                4,
                Duration.ofSeconds(1),
                new Progress(new PrintStream(OutputStream.nullOutputStream()), "test"));
      }
    }

    assertThat(result.placed()).isBetween(45L, 51L);
    assertThat(result.decidedInWindow()).isZero();
    assertThat(result.decidedPerSecond()).isZero();
    assertThat(result.undecided()).isEqualTo(result.placed());
    assertThat(result.keptUp()).isFalse();
  }

  @Test
  void a_decision_that_arrives_before_its_post_returns_still_counts_rejections_included()
      throws Exception {
    decisionBeforeAnswer = true;
    Result result;
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger.txt"))) {
      var run = new LoadRun(new OrderApi(base, base, ledger), new Mix(10, 2, 0), true);
      try (var ignored = LiveDecisions.follow(base, run)) {
        result =
            run.run(
                100,
                4,
                Duration.ofSeconds(1),
                new Progress(new PrintStream(OutputStream.nullOutputStream()), "test"));
      }
    }

    assertThat(result.confirmed() + result.rejected()).isEqualTo(result.placed());
    assertThat(result.rejected()).isEqualTo(result.placed() / 5);
    assertThat(result.undecided()).isZero();
  }

  @Test
  void a_cancel_the_service_fails_to_answer_is_counted_apart_from_orders_never_accepted()
      throws Exception {
    cancelsFail = true;
    Result result;
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger.txt"))) {
      var run = new LoadRun(new OrderApi(base, base, ledger), new Mix(10, 2, 1.0), true);
      try (var ignored = LiveDecisions.follow(base, run)) {
        result =
            run.run(
                50,
                4,
                Duration.ofSeconds(1),
                new Progress(new PrintStream(OutputStream.nullOutputStream()), "test"));
      }
    }

    assertThat(result.confirmed()).isPositive();
    assertThat(result.cancelled()).isZero();
    assertThat(result.cancelsFailed()).isEqualTo(cancels.get()).isPositive();
    assertThat(result.failed()).isZero();
    assertThat(result.keptUp()).isTrue();
  }

  @Test
  void a_post_that_fails_is_sent_again_with_the_same_idempotency_key() throws Exception {
    unavailable.set(2);
    Optional<String> orderId;
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger.txt"))) {
      var api = new OrderApi(base, base, ledger);
      orderId = api.place(new Mix(10, 2, 0).next());
      assertThat(api.resent()).isEqualTo(2);
    }

    assertThat(orderId).isPresent();
    assertThat(keys).hasSize(3).containsOnly(keys.getFirst());
    assertThat(Ledger.read(List.of(dir.resolve("ledger.txt")))).containsExactly(orderId.get());
  }

  @Test
  void accept_only_times_the_posts_and_neither_stocks_nor_follows_the_stream() throws Exception {
    var workload = new Workload();
    workload.acceptOnly = true;
    workload.rate = 50;
    workload.clients = 4;
    workload.warmup = Duration.ZERO;
    workload.duration = Duration.ofSeconds(1);

    Result result;
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger.txt"))) {
      result =
          LoadTest.run(
              Target.of(base, base, base),
              workload,
              new PrintStream(OutputStream.nullOutputStream()),
              ledger);
    }

    assertThat(result.placed()).isEqualTo(accepted.get()).isBetween(45L, 51L);
    assertThat(result.failed()).isZero();
    assertThat(result.postP99Ms()).isPositive();
    assertThat(result.confirmed() + result.rejected() + result.undecided()).isZero();
    assertThat(stocked.get()).isZero();
    assertThat(subscriptions.get()).isZero();
  }

  private void orders(HttpExchange exchange) throws IOException {
    if (exchange.getRequestURI().getPath().endsWith("/cancel")) {
      cancels.incrementAndGet();
      respond(exchange, cancelsFail ? 503 : 202, "{}");
      return;
    }
    exchange.getRequestBody().readAllBytes();
    keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
    if (unavailable.getAndDecrement() > 0) {
      respond(exchange, 503, "{}");
      return;
    }
    var orderId = UUID.randomUUID().toString();
    int number = accepted.incrementAndGet();
    var status = number % 5 == 0 ? "REJECTED" : "CONFIRMED";
    var decision =
        new Decision(
            "{\"orderId\":\"%s\",\"status\":\"%s\",\"version\":2}".formatted(orderId, status),
            new CountDownLatch(1));
    if (decisionBeforeAnswer) {
      decisions.add(decision);
      try {
        decision.written().await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    respond(exchange, 202, "{\"orderId\":\"" + orderId + "\",\"status\":\"PENDING\"}");
    if (!decisionBeforeAnswer) {
      // After the answer is written, so that a decision never leaves before its 202 does.
      later.schedule(() -> decisions.add(decision), decisionDelayMs, TimeUnit.MILLISECONDS);
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    subscriptions.incrementAndGet();
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (var body = exchange.getResponseBody()) {
      body.write(":subscribed\nretry: 3000\n\n".getBytes(UTF_8));
      body.flush();
      long id = 0;
      while (true) {
        var decision = decisions.take();
        body.write(
            ("id: " + ++id + "\nevent: order\ndata: " + decision.json() + "\n\n").getBytes(UTF_8));
        body.flush();
        decision.written().countDown();
      }
    } catch (InterruptedException | IOException e) {
      // The client went away.
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    var bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
