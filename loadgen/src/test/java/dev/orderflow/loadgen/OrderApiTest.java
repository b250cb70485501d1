package dev.orderflow.loadgen;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orderflow.devstack.verify.Ledger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Orders spread over several instances of order-service: each instance a fake in this JVM that
 * accepts every order and counts what it was sent.
 */
class OrderApiTest {

  /** One fake instance of order-service and what it was sent. */
  record FakeOrders(HttpServer server, AtomicInteger posts, AtomicInteger cancels) {

    static FakeOrders start() throws IOException {
      var server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      var fake = new FakeOrders(server, new AtomicInteger(), new AtomicInteger());
      server.createContext("/api/orders", fake::answer);
      server.start();
      return fake;
    }

    URI uri() {
      return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
      byte[] body;
      int status;
      if (exchange.getRequestURI().getPath().endsWith("/cancel")) {
        cancels.incrementAndGet();
        status = 200;
        body = "{}".getBytes(UTF_8);
      } else {
        posts.incrementAndGet();
        status = 202;
        body = ("{\"orderId\":\"" + UUID.randomUUID() + "\"}").getBytes(UTF_8);
      }
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(status, body.length);
      try (var out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  final List<FakeOrders> instances = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    instances.forEach(instance -> instance.server().stop(0));
  }

  @Test
  void posts_and_cancels_are_spread_round_robin_over_every_instance() throws Exception {
    for (int i = 0; i < 3; i++) {
      instances.add(FakeOrders.start());
    }
    var mix = new Mix(10, 2, 0);
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger.txt"))) {
      var api =
          new OrderApi(
              instances.stream().map(FakeOrders::uri).toList(),
              instances.getFirst().uri(),
              ledger,
              Duration.ofSeconds(1));
      var placed = new ArrayList<String>();
      for (int i = 0; i < 30; i++) {
        placed.add(api.place(mix.next()).orElseThrow());
      }
      for (int i = 0; i < 6; i++) {
        assertThat(api.cancel(placed.get(i))).isTrue();
      }
    }

    assertThat(instances)
        .allSatisfy(instance -> {
          assertThat(instance.posts()).hasValue(10);
          assertThat(instance.cancels()).hasValue(2);
        });
  }

  @Test
  void one_instance_gets_every_order() throws Exception {
    instances.add(FakeOrders.start());
    var mix = new Mix(10, 2, 0);
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger.txt"))) {
      var api = new OrderApi(instances.getFirst().uri(), instances.getFirst().uri(), ledger);
      for (int i = 0; i < 5; i++) {
        assertThat(api.place(mix.next())).isPresent();
      }
    }

    assertThat(instances.getFirst().posts()).hasValue(5);
  }

  @Test
  void orders_takes_several_instances_repeated_or_comma_separated() {
    var command = new LoadCommand();
    new CommandLine(command)
        .parseArgs(
            "--orders",
            "http://localhost:9001,http://localhost:9002",
            "--orders",
            "http://localhost:9003");

    assertThat(command.target.orders)
        .containsExactly(
            URI.create("http://localhost:9001"),
            URI.create("http://localhost:9002"),
            URI.create("http://localhost:9003"));
  }

  @Test
  void orders_defaults_to_the_one_order_service_of_devstack_and_takes_one_as_before() {
    var byDefault = new LoadCommand();
    new CommandLine(byDefault).parseArgs();
    var one = new LoadCommand();
    new CommandLine(one).parseArgs("--orders", "http://localhost:9001");

    assertThat(byDefault.target.orders).containsExactly(URI.create("http://localhost:8081"));
    assertThat(one.target.orders).containsExactly(URI.create("http://localhost:9001"));
  }

  @Test
  void a_target_needs_at_least_one_order_service() {
    var projection = URI.create("http://localhost:8084");

    assertThatThrownBy(() -> Target.of(List.of(), projection, projection))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
