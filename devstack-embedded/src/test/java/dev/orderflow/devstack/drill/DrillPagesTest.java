package dev.orderflow.devstack.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.devstack.drill.Drill.Injection;
import dev.orderflow.devstack.drill.DrillPages.InvalidDrillException;
import dev.orderflow.devstack.drill.Prometheus.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DrillPagesTest {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path PAGE = Path.of("docs/drills/email-outage.md");

  private static String page(String yaml) {
    return "# A drill\n\nSome prose.\n\n```drill\n"
        + yaml
        + "```\n\n## Questions\n\n```bash\nls\n```\n";
  }

  @Test
  void a_page_gives_its_title_needs_injections_and_expectations() {
    var drill =
        DrillPages.parse(
            PAGE,
            page(
                """
                title: Email outage
                brokers: 3
                traffic: 2.5
                inject:
                  - fault: notification-service smtp-outage
                  - fault: inventory-service slow-consumer
                    parameters: {delayMs: 3000}
                  - fault: "notification-service smtp-latency {latencyMs: 6000}"
                  - hold: kafka-2
                  - hold: order-service-2
                expect:
                  - name: the breaker is open
                    query: max(resilience4j_circuitbreaker_state{state="open"})
                    condition: "== 1"
                  - alert: CircuitBreakerOpenTooLong
                    labels: {application: notification-service}
                """));

    assertThat(drill.name()).isEqualTo("email-outage");
    assertThat(drill.title()).isEqualTo("Email outage");
    assertThat(drill.brokers()).isEqualTo(3);
    assertThat(drill.traffic()).isEqualTo(2.5);
    assertThat(drill.inject())
        .containsExactly(
            new Injection.Fault("notification-service", "smtp-outage", Map.of()),
            new Injection.Fault("inventory-service", "slow-consumer", Map.of("delayMs", 3000L)),
            new Injection.Fault("notification-service", "smtp-latency", Map.of("latencyMs", 6000L)),
            new Injection.Hold("kafka-2"),
            new Injection.Hold("order-service-2"));
    assertThat(drill.expect()).hasSize(2);
    var breaker = (Expectation.Query) drill.expect().get(0);
    assertThat(breaker.name()).isEqualTo("the breaker is open");
    assertThat(breaker.condition()).hasToString("== 1");
    var alert = drill.expect().get(1);
    assertThat(alert.query())
        .isEqualTo(
            "ALERTS{alertname=\"CircuitBreakerOpenTooLong\",application=\"notification-service\"}");
  }

  @Test
  void brokers_and_traffic_default_to_one_node_and_none() {
    var drill =
        DrillPages.parse(
            PAGE,
            page(
                """
                title: Minimal
                expect:
                  - alert: ServiceDown
                """));

    assertThat(drill.brokers()).isEqualTo(1);
    assertThat(drill.traffic()).isZero();
    assertThat(drill.inject()).isEmpty();
  }

  @Test
  void an_unknown_key_is_refused_naming_the_page_the_line_and_the_keys_allowed() {
    assertThatThrownBy(() ->
            DrillPages.parse(
                PAGE,
                page(
                    """
                    title: Typo
                    expect:
                      - alert: ServiceDown
                        for: 1m
                    """)))
        .isInstanceOf(InvalidDrillException.class)
        .hasMessageStartingWith(PAGE + ": unknown key 'for' (line 9)")
        .hasMessageContaining("alert, condition, labels, name, query");
    assertThatThrownBy(() -> DrillPages.parse(PAGE, page("title: x\nrate: 2\n")))
        .hasMessageContaining("unknown key 'rate'")
        .hasMessageContaining("brokers, expect, inject, title, traffic");
  }

  @Test
  void a_bad_condition_is_refused_naming_the_page() {
    assertThatThrownBy(() ->
            DrillPages.parse(
                PAGE,
                page(
                    """
                    title: Bad condition
                    expect:
                      - name: lag
                        query: max(kafka_consumer_group_lag)
                        condition: "about 100"
                    """)))
        .isInstanceOf(InvalidDrillException.class)
        .hasMessageStartingWith(PAGE + ": condition 'about 100' is not one of");
  }

  @Test
  void what_the_format_cannot_mean_is_refused_with_the_reason() {
    var cases =
        Map.of(
            "expect:\n  - alert: ServiceDown\n", "needs a title",
            "title: t\n", "at least one expectation",
            "title: t\nbrokers: 2\nexpect:\n  - alert: A\n", "brokers is 1 or 3",
            "title: t\ntraffic: 500\nexpect:\n  - alert: A\n", "traffic is 0 to 50",
            "title: t\ninject:\n  - fault: billing-service outage\nexpect:\n  - alert: A\n",
                "No part named 'billing-service'",
            "title: t\ninject:\n  - fault: notification-service\nexpect:\n  - alert: A\n",
                "names a service and one of its faults",
            "title: t\ninject:\n  - hold: kafka-2\nexpect:\n  - alert: A\n",
                "needs three Kafka nodes",
            "title: t\ninject:\n  - hold: prometheus\nexpect:\n  - alert: A\n",
                "prometheus cannot be held",
            "title: t\ninject:\n  - fault: inventory-service slow-consumer\n    parameters: {delayMs: 1.5}\nexpect:\n  - alert: A\n",
                "is a whole number",
            "title: t\nexpect:\n  - name: n\n    query: up\n",
                "has a name, a query and a condition");
    cases.forEach((yaml, reason) ->
        assertThatThrownBy(() -> DrillPages.parse(PAGE, page(yaml)))
            .as(yaml)
            .isInstanceOf(InvalidDrillException.class)
            .hasMessageStartingWith(PAGE + ": ")
            .hasMessageContaining(reason));
  }

  @Test
  void a_page_holds_exactly_one_closed_drill_block() {
    assertThatThrownBy(() -> DrillPages.parse(PAGE, "# No block\n```yaml\ntitle: t\n```\n"))
        .hasMessageContaining("no ```drill block");
    assertThatThrownBy(() ->
            DrillPages.parse(PAGE, page("title: t\nexpect:\n  - alert: A\n") + page("title: u\n")))
        .hasMessageContaining("2 ```drill blocks");
    assertThatThrownBy(() -> DrillPages.parse(PAGE, "```drill\ntitle: t\n"))
        .hasMessageContaining("never closed");
  }

  @Test
  void an_alert_passes_only_while_it_fires_and_says_when_it_is_pending() {
    var alert = new Expectation.Alert("ProjectionLag", Map.of());
    var pending = new Sample(Map.of("alertname", "ProjectionLag", "alertstate", "pending"), 1);
    var firing = new Sample(Map.of("alertname", "ProjectionLag", "alertstate", "firing"), 1);

    assertThat(alert.judge(List.of()).line())
        .isEqualTo("FAIL  alert ProjectionLag firing  (seen: not pending or firing)");
    assertThat(alert.judge(List.of(pending)).line())
        .isEqualTo("FAIL  alert ProjectionLag firing  (seen: pending)");
    assertThat(alert.judge(List.of(firing)).line())
        .isEqualTo("PASS  alert ProjectionLag firing  (seen: firing)");
  }

  @Test
  void an_alert_names_its_labels_in_order() {
    var alert =
        new Expectation.Alert(
            "CircuitBreakerOpenTooLong", Map.of("name", "smtp", "application", "notification"));

    assertThat(alert.name())
        .isEqualTo(
            "alert CircuitBreakerOpenTooLong {application=\"notification\",name=\"smtp\"} firing");
    assertThat(alert.query())
        .isEqualTo(
            "ALERTS{alertname=\"CircuitBreakerOpenTooLong\",application=\"notification\",name=\"smtp\"}");
  }

  @Test
  void a_query_line_shows_the_values_seen() {
    var lag = new Expectation.Query("lag", "max(x)", Condition.parse("> 100"));

    assertThat(lag.judge(List.of()).line()).isEqualTo("FAIL  lag  (seen: no series)");
    assertThat(lag.judge(List.of(new Sample(Map.of(), 250))).line())
        .isEqualTo("PASS  lag  (seen: 250)");
    assertThat(
            lag.judge(List.of(new Sample(Map.of(), 0.125), new Sample(Map.of(), 12345.6789)))
                .line())
        .isEqualTo("PASS  lag  (seen: 2 series: 0.125, 12345.7)");
  }

  @Test
  void every_drill_of_the_repository_is_valid() {
    var pages = DrillPages.pages(REPO);

    assertThat(pages).isNotEmpty();
    for (var page : pages) {
      var drill = DrillPages.read(page);
      assertThat(drill.title()).as(page.toString()).isNotBlank();
      assertThat(drill.expect()).as(page.toString()).isNotEmpty();
    }
    assertThat(DrillPages.named(REPO, "email-outage").faults())
        .containsExactly(new Injection.Fault("notification-service", "smtp-outage", Map.of()));
  }

  @Test
  void every_alert_has_a_drill_and_every_drill_sets_off_real_alerts_with_documented_faults()
      throws IOException {
    var rules = new TreeSet<String>();
    try (var files = Files.list(REPO.resolve("infra/prometheus/rules"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        Pattern.compile("(?m)^\\s*- alert: (\\w+)")
            .matcher(Files.readString(file))
            .results()
            .forEach(alert -> rules.add(alert.group(1)));
      }
    }
    var faultsPage = Files.readString(REPO.resolve("docs/faults.md"));
    var expected = new TreeSet<String>();
    for (var page : DrillPages.pages(REPO)) {
      var drill = DrillPages.read(page);
      drill.expect().stream()
          .filter(Expectation.Alert.class::isInstance)
          .forEach(alert -> expected.add(((Expectation.Alert) alert).alert()));
      assertThat(drill.faults())
          .as("%s switches faults documented in docs/faults.md", page.getFileName())
          .allSatisfy(fault -> assertThat(faultsPage).contains("\n## " + fault.fault() + "\n"));
    }

    assertThat(rules).as("the alerts of infra/prometheus/rules").hasSizeGreaterThan(5);
    assertThat(expected).as("alerts the drills expect, all real").isSubsetOf(rules);
    assertThat(rules).as("alerts, each set off by a drill of docs/drills").isSubsetOf(expected);
  }

  @Test
  void a_drill_that_does_not_exist_is_refused_naming_those_there_are() {
    assertThatThrownBy(() -> DrillPages.named(REPO, "no-such-drill"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No drill 'no-such-drill'")
        .hasMessageContaining("email-outage");
  }
}
