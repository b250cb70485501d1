package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.orderflow.devstack.FakeService.Request;
import dev.orderflow.devstack.prometheus.LocalPrometheus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./devstack drill} against fake services and a fake Prometheus, on a checkout of its own
 * with two drills: what it prints, what it asks the services, what it leaves behind, its exit
 * status. The drills drive no traffic (that is a process of its own: {@code DrillsIT}).
 */
class DrillCommandTest {

  private static final String BREAKER = "max(resilience4j_circuitbreaker_state{state=\"closed\"})";
  private static final String ALERT = "ALERTS{alertname=\"CircuitBreakerOpenTooLong\"}";

  @TempDir Path repo;

  private FakeService notifications;
  private FakeService inventory;
  private FakePrometheus prometheus;
  private DevstackOptions options;
  private final Map<String, String> environment =
      Map.of("ADMIN_PASSWORD", "drill-test-password", "PATH", "");

  @BeforeEach
  void stack() throws Exception {
    notifications = new FakeService("notification-1:8083", "smtp-outage", "relay-pause");
    inventory =
        new FakeService("inventory-1:8082", "slow-consumer")
            .withParameter("slow-consumer", "delayMs", 500, 0, 60000);
    prometheus = new FakePrometheus();
    options =
        DevstackOptions.defaults(repo)
            .services("notification-service", "inventory-service")
            .port(Service.NOTIFICATION, notifications.port())
            .port(Service.INVENTORY, inventory.port())
            .port(Infrastructure.PROMETHEUS, prometheus.port())
            .prometheus(true)
            .rules(LocalPrometheus.Rules.TRAINING);
    var drills = Files.createDirectories(repo.resolve("docs/drills"));
    Files.writeString(
        drills.resolve("email-outage.md"),
        """
        # Email outage

        ```drill
        title: Email outage
        inject:
          - fault: notification-service smtp-outage
          - fault: inventory-service slow-consumer
            parameters: {delayMs: 3000}
          - hold: smtp
        expect:
          - name: the breaker is not closed
            query: %s
            condition: "== 0"
          - alert: CircuitBreakerOpenTooLong
        ```
        """
            .formatted(BREAKER));
    Files.writeString(
        drills.resolve("broken-relay.md"),
        """
        ```drill
        title: A fault that is not there
        inject:
          - fault: notification-service relay-pause
          - fault: notification-service no-such-fault
        expect:
          - alert: OutboxBacklog
        ```
        """);
    Files.writeString(drills.resolve("README.md"), "# Not a drill\n");
    running();
  }

  /** What a running supervisor leaves: its topology and its pid (this JVM's, alive). */
  private void running() throws Exception {
    Files.createDirectories(options.topologyFile().getParent());
    Files.writeString(options.topologyFile(), options.topology());
    Files.writeString(
        options.dataDir().resolve("run/devstack.pid"), ProcessHandle.current().pid() + "\n");
  }

  @AfterEach
  void stop() {
    notifications.close();
    inventory.close();
    prometheus.close();
  }

  private record Run(int status, String out, String err) {}

  private Run drill(String... arguments) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int status =
        DrillCommand.run(
            List.of(arguments),
            options.withRunningTopology(),
            environment,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void start_switches_every_fault_on_holds_the_parts_and_notes_the_drill() throws Exception {
    var run = drill("email-outage", "start");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Drill email-outage started at")
        .contains(
            "  notification-service smtp-outage: on - (applied: notification-1:8083; pending: none)")
        .contains(
            "  inventory-service slow-consumer: on delayMs=3000 (applied: inventory-1:8082; pending: none)")
        .contains("  smtp: held")
        .contains("Read docs/drills/email-outage.md")
        .doesNotContain("standard rules");
    assertThat(notifications.requests)
        .containsExactly(new Request("PUT", "/api/admin/faults/smtp-outage", "{\"enabled\":true}"));
    assertThat(inventory.requests)
        .containsExactly(
            new Request(
                "PUT", "/api/admin/faults/slow-consumer", "{\"enabled\":true,\"delayMs\":3000}"));
    assertThat(options.holdFile(Instance.named("smtp"))).exists();
    assertThat(Files.readString(options.dataDir().resolve("drill/active.json")))
        .contains("\"name\" : \"email-outage\"")
        .contains("\"holds\" : [ \"smtp\" ]");
  }

  @Test
  void check_prints_one_line_per_expectation_and_exits_0_only_when_all_pass() throws Exception {
    assertThat(drill("email-outage", "start").status()).isZero();
    prometheus.answer(BREAKER, "{}", 0);

    var failing = drill("check");

    assertThat(failing.status()).isEqualTo(1);
    assertThat(failing.out())
        .isEqualTo(
            """
            PASS  the breaker is not closed  (seen: 0)
            FAIL  alert CircuitBreakerOpenTooLong firing  (seen: not pending or firing)
            1 of 2 passed
            """);

    prometheus.answer(
        ALERT, "{\"alertname\":\"CircuitBreakerOpenTooLong\",\"alertstate\":\"firing\"}", 1);
    var passing = drill("check", "--wait", "1s");

    assertThat(passing.status()).isZero();
    assertThat(passing.out())
        .startsWith(
            """
            PASS  the breaker is not closed  (seen: 0)
            PASS  alert CircuitBreakerOpenTooLong firing  (seen: firing)
            2 of 2 passed\
            """);
  }

  @Test
  void a_named_drill_is_checked_without_being_started_and_prometheus_errors_fail_its_lines() {
    prometheus.answer(BREAKER, "{}", 1);

    var run = drill("email-outage", "check");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).startsWith("FAIL  the breaker is not closed  (seen: 1)\n");
    assertThat(drill("check").err()).contains("No drill is active");
  }

  @Test
  void check_reads_the_prometheus_it_is_given_such_as_composes_without_a_local_one() {
    options = options.prometheus(false).port(Infrastructure.PROMETHEUS, 1);
    prometheus.answer(BREAKER, "{}", 0);

    var run =
        drill(
            "email-outage", "check", "--prometheus", "http://localhost:" + prometheus.port() + "/");

    assertThat(run.out()).startsWith("PASS  the breaker is not closed  (seen: 0)\n");
    assertThat(drill("email-outage", "check", "--prometheus", "localhost:9090").err())
        .contains("--prometheus needs a URL such as http://localhost:9090");
  }

  @Test
  void stop_switches_the_faults_off_releases_the_holds_and_forgets_the_drill_and_may_run_twice()
      throws Exception {
    assertThat(drill("email-outage", "start").status()).isZero();

    var run = drill("stop");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Stopping drill email-outage (Email outage):")
        .contains("  notification-service smtp-outage: off")
        .contains("  inventory-service slow-consumer: off")
        .contains("  smtp: released")
        .contains("./devstack verify");
    assertThat(notifications.requests)
        .contains(new Request("DELETE", "/api/admin/faults/smtp-outage", ""));
    assertThat(inventory.requests)
        .contains(new Request("DELETE", "/api/admin/faults/slow-consumer", ""));
    assertThat(options.holdFile(Instance.named("smtp"))).doesNotExist();
    assertThat(options.dataDir().resolve("drill/active.json")).doesNotExist();

    var again = drill("stop");

    assertThat(again.status()).isZero();
    assertThat(again.out()).contains("No drill is active; nothing to stop.");
  }

  @Test
  void a_fault_that_cannot_be_switched_on_undoes_the_drill_and_fails() {
    var run = drill("broken-relay", "start");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .contains("notification-service no-such-fault was not switched on: 404 No fault named that")
        .contains("undoing what was done");
    assertThat(notifications.requests)
        .extracting(Request::method, Request::path)
        .containsExactly(
            tuple("PUT", "/api/admin/faults/relay-pause"),
            tuple("PUT", "/api/admin/faults/no-such-fault"),
            tuple("DELETE", "/api/admin/faults/relay-pause"),
            tuple("DELETE", "/api/admin/faults/no-such-fault"));
    assertThat(options.dataDir().resolve("drill/active.json")).doesNotExist();
  }

  @Test
  void a_fault_whose_switch_on_failed_is_switched_off_too_when_the_drill_is_undone() {
    inventory.failing("PUT", 503);

    var run = drill("email-outage", "start");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("undoing what was done");
    assertThat(inventory.requests)
        .extracting(Request::method, Request::path)
        .containsExactly(
            tuple("PUT", "/api/admin/faults/slow-consumer"),
            tuple("DELETE", "/api/admin/faults/slow-consumer"));
    assertThat(notifications.requests)
        .extracting(Request::method, Request::path)
        .containsExactly(
            tuple("PUT", "/api/admin/faults/smtp-outage"),
            tuple("DELETE", "/api/admin/faults/smtp-outage"));
    assertThat(options.holdFile(Instance.named("smtp"))).doesNotExist();
    assertThat(options.dataDir().resolve("drill/active.json")).doesNotExist();
  }

  @Test
  void stop_keeps_a_fault_that_did_not_switch_off_as_active_and_fails_naming_it() throws Exception {
    assertThat(drill("email-outage", "start").status()).isZero();
    inventory.failing("DELETE", 503);

    var run = drill("stop");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .contains("still on after stopping email-outage: inventory-service slow-consumer");
    assertThat(options.holdFile(Instance.named("smtp"))).doesNotExist();
    assertThat(Files.readString(options.dataDir().resolve("drill/active.json")))
        .contains("\"name\" : \"email-outage\"")
        .contains("slow-consumer")
        .doesNotContain("smtp-outage")
        .contains("\"holds\" : [ ]");

    inventory.recovered();
    var again = drill("stop");

    assertThat(again.status()).as(again.err()).isZero();
    assertThat(options.dataDir().resolve("drill/active.json")).doesNotExist();
  }

  @Test
  void stopping_a_drill_that_is_not_active_leaves_what_another_active_drill_owns()
      throws Exception {
    Files.writeString(
        repo.resolve("docs/drills/slow-stock.md"),
        """
        ```drill
        title: Slow stock
        inject:
          - fault: inventory-service slow-consumer
            parameters: {delayMs: 3000}
        expect:
          - alert: InventoryLag
        ```
        """);
    assertThat(drill("email-outage", "start").status()).isZero();

    var run = drill("slow-stock", "stop");

    assertThat(run.out())
        .contains("inventory-service slow-consumer: left on, another active drill switched it on");
    assertThat(inventory.requests).extracting(Request::method).containsExactly("PUT");
    assertThat(Files.readString(options.dataDir().resolve("drill/active.json")))
        .contains("\"name\" : \"email-outage\"");
  }

  @Test
  void a_hold_of_a_service_holds_every_instance_and_a_numbered_one_only_that_one()
      throws Exception {
    options = options.instances(2);
    running();
    Files.writeString(
        repo.resolve("docs/drills/no-stock.md"),
        """
        ```drill
        title: No stock
        inject:
          - hold: inventory-service
          - hold: notification-service-2
        expect:
          - alert: InventoryDown
        ```
        """);

    var run = drill("no-stock", "start");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(options.holdFile(Instance.named("inventory-service"))).exists();
    assertThat(options.holdFile(Instance.named("inventory-service-2"))).exists();
    assertThat(options.holdFile(Instance.named("notification-service-2"))).exists();
    assertThat(options.holdFile(Instance.named("notification-service"))).doesNotExist();

    assertThat(drill("stop").status()).isZero();
    assertThat(options.holdFile(Instance.named("inventory-service"))).doesNotExist();
    assertThat(options.holdFile(Instance.named("inventory-service-2"))).doesNotExist();
    assertThat(options.holdFile(Instance.named("notification-service-2"))).doesNotExist();
  }

  @Test
  void stop_switches_a_fault_off_once_the_held_service_it_released_answers_again()
      throws Exception {
    Files.writeString(
        repo.resolve("docs/drills/stock-down.md"),
        """
        ```drill
        title: Stock down
        inject:
          - fault: inventory-service slow-consumer
            parameters: {delayMs: 3000}
          - hold: inventory-service
        expect:
          - alert: InventoryDown
        ```
        """);
    assertThat(drill("stock-down", "start").status()).isZero();
    inventory.failing("DELETE", 503, 2);

    var run = drill("stop");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("inventory-service slow-consumer: off");
    assertThat(inventory.requests)
        .extracting(Request::method)
        .containsExactly("PUT", "DELETE", "DELETE", "DELETE");
    assertThat(options.dataDir().resolve("drill/active.json")).doesNotExist();
  }

  @Test
  void a_drill_cannot_start_twice_nor_beside_one_that_switches_the_same_fault() {
    assertThat(drill("email-outage", "start").status()).isZero();

    var twice = drill("email-outage", "start");

    assertThat(twice.status()).isEqualTo(1);
    assertThat(twice.err()).contains("runs already");
  }

  @Test
  void start_needs_a_running_stack_with_prometheus() throws Exception {
    Files.delete(options.dataDir().resolve("run/devstack.pid"));

    assertThat(drill("email-outage", "start").err()).contains("No ./devstack runs on");

    running();
    prometheus.close();
    var run = drill("email-outage", "start");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err())
        .contains("Prometheus does not answer at http://localhost:" + prometheus.port());
    assertThat(notifications.requests).isEmpty();
  }

  @Test
  void a_random_drill_keeps_its_name_until_revealed() throws Exception {
    Files.delete(repo.resolve("docs/drills/broken-relay.md"));

    var random = drill("random");

    assertThat(random.status()).as(random.err()).isZero();
    assertThat(random.out()).contains("A random drill started").doesNotContain("email-outage");

    var reveal = drill("reveal");

    assertThat(reveal.out())
        .startsWith("email-outage: Email outage\n  started ")
        .contains("read docs/drills/email-outage.md");
  }

  @Test
  void list_shows_every_drill_and_names_a_page_that_is_not_valid() throws Exception {
    Files.writeString(
        repo.resolve("docs/drills/typo.md"), "```drill\ntitle: t\nexpct:\n  - alert: A\n```\n");

    var run = drill("list");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out())
        .contains("broken-relay  A fault that is not there  -")
        .contains("email-outage  Email outage               holds smtp")
        .contains("2 drills in docs/drills/");
    assertThat(run.err()).contains("typo.md: unknown key 'expct'");
  }

  @Test
  void wrong_arguments_exit_with_status_2() {
    var lines = new ArrayList<String>();
    for (var arguments :
        List.of(
            List.of(),
            List.of("email-outage"),
            List.of("email-outage", "go"),
            List.of("nope", "start"))) {
      var run = drill(arguments.toArray(String[]::new));
      assertThat(run.status()).as(arguments.toString()).isEqualTo(2);
      lines.add(run.err());
    }
    assertThat(lines.get(3)).contains("No drill 'nope'").contains("email-outage");
  }
}
