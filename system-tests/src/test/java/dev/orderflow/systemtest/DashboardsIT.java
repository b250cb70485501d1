package dev.orderflow.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.systemtest.Orderflow.Line;
import dev.orderflow.systemtest.compose.AlertRulesTest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards against the real thing: the Prometheus that {@code ./devstack} runs
 * scrapes every service while orders flow and the {@code stall} fault is switched on and off, then
 * every query of every panel of {@code infra/grafana/dashboards/} is evaluated, with each template
 * variable at "All", and must return data; so must each variable's own query, and each dashboard's
 * fault annotation over the last minutes (the stall); every other annotation query must evaluate. A
 * panel whose metric was renamed, never registered or only appears after an incident fails here,
 * not in front of an SRE in the middle of a drill.
 */
@ExtendWith(RunningSystem.class)
class DashboardsIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int ORDERS = 300;
  private static final String PROJECTION = "projection-service";
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

  private final Orderflow orderflow;
  private final Devstack stack;
  private final HttpClient http = HttpClient.newHttpClient();

  DashboardsIT(Orderflow orderflow, Devstack stack) {
    this.orderflow = orderflow;
    this.stack = stack;
  }

  @Test
  void every_panel_of_every_dashboard_shows_data_under_traffic_and_a_fault() throws Exception {
    assumeTrue(
        stack.prometheusUrl().isPresent(),
        "./devstack runs Prometheus only where it is installed (apt-get install prometheus)");
    await("Prometheus scraping all four services")
        .atMost(Duration.ofSeconds(60))
        .until(() -> query("count(up{job=~\".+-service\"} == 1)"), result -> count(result) == 4);

    var placed = trafficWithAStall();

    assertThat(placed).as("orders placed during the traffic").isGreaterThanOrEqualTo(ORDERS);
    assertThat(count(query("max_over_time(faults_active{name=\"stall\"}[5m])")))
        .as("the stall fault is visible to Prometheus")
        .isEqualTo(1);
    var empty = new ArrayList<String>();
    for (var panel : panels()) {
      for (var expression : panel.expressions()) {
        if (query(expression).isEmpty()) {
          empty.add(panel.dashboard() + " / " + panel.title() + ": " + expression);
        }
      }
    }
    assertThat(empty).as("panel queries that return no data").isEmpty();
    var annotationsWithoutFaults = new ArrayList<String>();
    for (var annotation : annotations()) {
      // A range of the last minutes, as the annotation is drawn: the stall is over by now.
      var drawn = query("count_over_time((" + annotation.expression() + ")[10m:5s])");
      if (annotation.expression().contains("faults_active") && drawn.isEmpty()) {
        annotationsWithoutFaults.add(annotation.dashboard() + " / " + annotation.name());
      }
    }
    assertThat(annotationsWithoutFaults).as("fault annotations that draw no stall").isEmpty();
    assertThat(alertingRules())
        .as("alerting rules Prometheus loaded")
        .containsExactlyInAnyOrderElementsOf(AlertRulesTest.alertNames());
  }

  /**
   * An order every 100 ms (every 7th cancelled again, every 10th request invalid) until {@link
   * #ORDERS} are placed, with the read side stalled from the 50th to the 200th; then until the
   * projections caught up.
   */
  private int trafficWithAStall() {
    var sku = "DASH-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(orderflow.setStock(sku, 10_000).status()).isEqualTo(200);
    var placed = new AtomicInteger();
    var failures = new ConcurrentLinkedQueue<Throwable>();
    try {
      try (var traffic = Executors.newSingleThreadScheduledExecutor()) {
        traffic.scheduleAtFixedRate(
            () -> {
              try {
                placeOne(sku, placed);
              } catch (RuntimeException | AssertionError e) {
                failures.add(e);
              }
            },
            0,
            100,
            TimeUnit.MILLISECONDS);
        await(ORDERS + " orders placed")
            .atMost(Duration.ofMinutes(2))
            .until(() -> placed.get() >= ORDERS || !failures.isEmpty());
        // The order in flight completes, no other starts.
        traffic.shutdown();
      }
    } finally {
      // Faults outlive restarts (kept in the service's MongoDB): never leave the read side stalled.
      assertThat(orderflow.faultOff(PROJECTION, "stall").status()).isEqualTo(200);
    }
    assertThat(failures).as("requests that went wrong").isEmpty();
    await("the read side caught up after the stall")
        .atMost(Duration.ofSeconds(60))
        .until(() -> query("max(projection_records_behind)"), result -> value(result) == 0);
    return placed.get();
  }

  private void placeOne(String sku, AtomicInteger placed) {
    int n = placed.get();
    if (n == 50) {
      assertThat(orderflow.faultOn(PROJECTION, "stall", Map.of()).status()).isEqualTo(200);
    }
    if (n == 200) {
      assertThat(orderflow.faultOff(PROJECTION, "stall").status()).isEqualTo(200);
    }
    var order = orderflow.placeOrder("c-dash-" + (n % 10), List.of(new Line(sku, 1, "2.50")));
    assertThat(order.status()).isEqualTo(202);
    placed.incrementAndGet();
    if (n % 7 == 0) {
      orderflow.cancel(order.text("orderId"));
    }
    if (n % 10 == 0) {
      assertThat(orderflow.postRawOrder("{\"customerId\":\"\",\"lines\":[]}").status())
          .isEqualTo(400);
    }
  }

  private record Panel(String dashboard, String title, List<String> expressions) {}

  private record Annotation(String dashboard, String name, String expression) {}

  /**
   * Every panel query, each template variable's query among them (as a panel titled after the
   * variable: {@code label_values(selector, label)} asks for the selector's series), with the
   * variables as Grafana puts them in at "All" (their {@code allValue}) and {@code
   * $__rate_interval} at 1m.
   */
  private static List<Panel> panels() throws IOException {
    var panels = new ArrayList<Panel>();
    for (var file : dashboardFiles()) {
      var dashboard = JSON.readTree(file.toFile());
      var name = file.getFileName().toString();
      for (var variable : dashboard.path("templating").path("list")) {
        var labelValues = LABEL_VALUES.matcher(variable.path("definition").asString(""));
        if (labelValues.matches()) {
          panels.add(
              new Panel(
                  name,
                  "$" + variable.get("name").asString(),
                  List.of(atAll(dashboard, labelValues.group(1)))));
        }
      }
      for (var panel : dashboard.get("panels")) {
        var expressions = new ArrayList<String>();
        panel
            .get("targets")
            .forEach(target -> expressions.add(atAll(dashboard, target.get("expr").asString())));
        panels.add(new Panel(name, panel.get("title").asString(), expressions));
      }
    }
    assertThat(panels).as("dashboard panels").hasSizeGreaterThan(30);
    return panels;
  }

  /** The Prometheus annotation queries of every dashboard. */
  private static List<Annotation> annotations() throws IOException {
    var annotations = new ArrayList<Annotation>();
    for (var file : dashboardFiles()) {
      var dashboard = JSON.readTree(file.toFile());
      for (var annotation : dashboard.path("annotations").path("list")) {
        if (annotation.has("expr")) {
          annotations.add(
              new Annotation(
                  file.getFileName().toString(),
                  annotation.get("name").asString(),
                  atAll(dashboard, annotation.get("expr").asString())));
        }
      }
    }
    return annotations;
  }

  private static List<Path> dashboardFiles() throws IOException {
    var root = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
    try (Stream<Path> files = Files.list(root.resolve("infra/grafana/dashboards"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** A query with the dashboard's variables as Grafana fills them in when "All" is chosen. */
  private static String atAll(JsonNode dashboard, String expression) {
    var filled = expression.replace("$__rate_interval", "1m");
    for (var variable : dashboard.path("templating").path("list")) {
      var name = variable.get("name").asString();
      var all = variable.path("allValue").asString(".+");
      filled =
          filled
              .replace("${" + name + "}", all)
              .replaceAll("\\$" + name + "\\b", Matcher.quoteReplacement(all));
    }
    assertThat(filled).as("variables left in " + expression).doesNotContain("$");
    return filled;
  }

  /** The result vector of an instant query. */
  private JsonNode query(String expression) throws Exception {
    var url =
        stack.prometheusUrl().orElseThrow()
            + "/api/v1/query?query="
            + URLEncoder.encode(expression, StandardCharsets.UTF_8);
    var response = get(url);
    assertThat(response.get("status").asString()).as(expression).isEqualTo("success");
    return response.get("data").get("result");
  }

  private List<String> alertingRules() throws Exception {
    var names = new ArrayList<String>();
    for (var group :
        get(stack.prometheusUrl().orElseThrow() + "/api/v1/rules?type=alert")
            .get("data")
            .get("groups")) {
      group.get("rules").forEach(rule -> names.add(rule.get("name").asString()));
    }
    return names;
  }

  private JsonNode get(String url) throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static int count(JsonNode result) {
    return result.isEmpty() ? 0 : (int) value(result);
  }

  private static double value(JsonNode result) {
    return result.isEmpty()
        ? Double.NaN
        : Double.parseDouble(result.get(0).get("value").get(1).asString());
  }
}
