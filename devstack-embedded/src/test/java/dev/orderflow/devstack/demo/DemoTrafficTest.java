package dev.orderflow.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.orderflow.devstack.verify.Ledger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrafficTest {

  @TempDir Path directory;

  @Test
  void the_delay_between_orders_averages_one_over_the_rate() {
    assertThat(DemoTraffic.delayBounds(DemoTraffic.DEMO_RATE)).containsExactly(444, 889);
    assertThat(DemoTraffic.delayBounds(2)).containsExactly(333, 667);
    assertThat(DemoTraffic.delayBounds(DemoTraffic.MAX_RATE)).containsExactly(13, 27);
  }

  @Test
  void a_rate_not_above_0_or_above_the_most_is_refused() {
    var orders = URI.create("http://localhost:1");
    for (double rate : new double[] {0, -1, Double.NaN, 51}) {
      assertThatThrownBy(() ->
              DemoTraffic.start(
                  orders, null, Ledger.appendingTo(directory.resolve("ledger.txt")), rate))
          .as("rate %s", rate)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 50.0 orders/s");
    }
  }

  @Test
  void seeding_counts_only_the_skus_inventory_service_stocked() throws IOException {
    // GET answers 404 (unknown SKU); PUT answers what the map says for the SKU, else 200.
    var putAnswers = new ConcurrentHashMap<String, Integer>();
    var server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext(
        "/api/stock/",
        exchange -> {
          var sku = exchange.getRequestURI().getPath().substring("/api/stock/".length());
          int status =
              exchange.getRequestMethod().equals("PUT") ? putAnswers.getOrDefault(sku, 200) : 404;
          var body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    var inventory = URI.create("http://localhost:" + server.getAddress().getPort());
    var orders = URI.create("http://localhost:1");
    try (var demo =
        new DemoTraffic(orders, inventory, Ledger.appendingTo(directory.resolve("l.txt")), 1)) {
      assertThat(demo.seed()).isEqualTo(DemoOrders.SKUS.size());

      putAnswers.putAll(Map.of(DemoOrders.SKUS.get(0), 503, DemoOrders.SKUS.get(1), 400));
      assertThat(demo.seed()).isEqualTo(DemoOrders.SKUS.size() - 2);
    } finally {
      server.stop(0);
    }
    var unreachable = URI.create("http://localhost:1");
    try (var demo =
        new DemoTraffic(orders, unreachable, Ledger.appendingTo(directory.resolve("m.txt")), 1)) {
      assertThat(demo.seed()).isZero();
    }
  }
}
