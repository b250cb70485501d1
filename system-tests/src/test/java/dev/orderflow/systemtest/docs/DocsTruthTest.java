package dev.orderflow.systemtest.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.systemtest.docs.DocsTruth.Doc;
import dev.orderflow.systemtest.docs.DocsTruth.Project;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The README, docs/ and the module READMEs say what the code does: each statement a machine can
 * check (a file linked or named, a ./devstack command, a metric, a property, a Maven module, a
 * local port) is checked against the repository. Each rule is shown to catch a made-up mistake too.
 */
class DocsTruthTest {

  private static final Path ROOT =
      Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
  private static final Project PROJECT = Project.read(ROOT);
  private static final List<Doc> DOCS = DocsTruth.docs(ROOT);

  @Test
  void the_docs_are_found() {
    assertThat(DOCS)
        .extracting(doc -> ROOT.relativize(doc.path()).toString())
        .contains(
            "README.md",
            "docs/architecture.md",
            "docs/runbooks/DeadLettersArriving.md",
            "devstack-embedded/README.md");
  }

  @Test
  void every_link_and_repository_path_names_a_file_that_exists() {
    assertThat(problems(DocsTruth::missingFiles)).isEmpty();
  }

  @Test
  void every_devstack_command_is_one_the_devstack_accepts() {
    assertThat(PROJECT.devstackCommands()).contains("run", "dlt", "drill", "bench", "help");
    assertThat(problems(DocsTruth::unknownDevstackCommands)).isEmpty();
  }

  @Test
  void every_drill_named_is_a_drill_or_an_action_of_devstack_drill() {
    assertThat(PROJECT.drillWords()).contains("email-outage", "list", "check", "reveal");
    assertThat(problems(DocsTruth::unknownDrills)).isEmpty();
  }

  @Test
  void every_metric_is_one_the_code_the_rules_or_the_dashboards_name() {
    assertThat(problems(DocsTruth::unknownMetrics)).isEmpty();
  }

  @Test
  void every_orderflow_property_is_one_the_services_define_or_read() {
    assertThat(problems(DocsTruth::unknownProperties)).isEmpty();
  }

  @Test
  void every_module_named_with_pl_is_a_module_of_the_build() {
    assertThat(PROJECT.modules()).contains("devstack-embedded", "system-tests");
    assertThat(problems(DocsTruth::unknownModules)).isEmpty();
  }

  @Test
  void every_test_class_named_exists() {
    assertThat(problems(DocsTruth::unknownTestClasses)).isEmpty();
  }

  @Test
  void every_dead_letter_id_to_redrive_looks_like_the_ids_the_platform_gives() {
    assertThat(PROJECT.deadLetterIds().example()).isEqualTo("orders.events.DLT:1:42");
    assertThat(problems(DocsTruth::malformedDeadLetterIds)).isEmpty();
  }

  @Test
  void every_local_port_is_one_compose_or_devstack_uses() {
    assertThat(PROJECT.ports()).contains(8081, 8181, 9092, 27017, 3025, 9090);
    assertThat(problems(DocsTruth::unknownPorts)).isEmpty();
  }

  // Each rule catches a made-up mistake, and lets the true statement next to it pass.

  @Test
  void a_link_or_a_path_to_a_missing_file_is_flagged() {
    var doc =
        madeUp(
            "docs/made-up.md",
            """
            See [the runbook](runbooks/DeadLettersArriving.md#make-it-stop), [the ADR](adr/0099-nothing.md)
            and [the site](https://example.org/x.md); the rules are in `infra/prometheus/rules/`,
            the launcher in `bin/devstack`, built jars in `loadgen/target/loadgen.jar`.
            [ref]: ../order-service/README-missing.md
            """);

    assertThat(DocsTruth.missingFiles(doc, PROJECT))
        .containsExactly(
            "docs/made-up.md: link to a missing file: adr/0099-nothing.md",
            "docs/made-up.md: link to a missing file: ../order-service/README-missing.md",
            "docs/made-up.md: path to a missing file: bin/devstack");
  }

  @Test
  void a_switch_with_several_labels_on_one_case_gives_each() {
    assertThat(
            DocsTruth.switchLabels(
                """
                switch (command) {
                  case "run" -> run();
                  case "mongo", "topic" -> look();
                  default -> refuse();
                }
                """))
        .containsExactly("mongo", "run", "topic");
  }

  @Test
  void a_devstack_command_it_does_not_accept_is_flagged() {
    var doc =
        madeUp(
            "README.md",
            """
            Run `./devstack --fresh`, then `./devstack dlt redrive inventory-service --all`; or

            ```bash
            ./devstack verify --wait 60s
            ./devstack reset          # no such command
            ```
            """);

    assertThat(DocsTruth.unknownDevstackCommands(doc, PROJECT))
        .containsExactly("README.md: ./devstack has no command 'reset'");
  }

  @Test
  void a_drill_that_does_not_exist_is_flagged() {
    var doc =
        madeUp(
            "docs/drills/made-up.md",
            "`./devstack drill email-outage start`, `./devstack drill check --wait 180s`,"
                + " `./devstack drill kafka-on-fire start`");

    assertThat(DocsTruth.unknownDrills(doc, PROJECT))
        .containsExactly(
            "docs/drills/made-up.md: ./devstack drill has no drill or action 'kafka-on-fire'");
  }

  @Test
  void a_metric_no_code_rule_or_dashboard_names_is_flagged() {
    var doc =
        madeUp(
            "docs/made-up.md",
            """
            `orders_placed_total`, `orders_saga_duration_seconds_bucket`, `outbox_swept_events_total`,
            `outbox_backlog_read_age_seconds`, `mongodb_driver_commands_seconds_count` and
            `orders_placed_yesterday_total` and `orderflow_redriven_for`, `orderflow_invented`.
            """);

    assertThat(DocsTruth.unknownMetrics(doc, PROJECT))
        .containsExactly(
            "docs/made-up.md: no metric orders_placed_yesterday_total in the code or dashboards",
            "docs/made-up.md: no metric orderflow_invented in the code or dashboards");
  }

  @Test
  void a_property_nothing_defines_is_flagged() {
    var doc =
        madeUp(
            "docs/made-up.md",
            """
            `orderflow.kafka.retry.max-interval`, `orderflow.outbox.*`, `orderflow.instance.name`,
            `orderflow.limits.clients.failed-logins.per-second`,
            `orderflow.kafka.retry.max-wait` and `orderflow.nothing.here`.
            """);

    assertThat(DocsTruth.unknownProperties(doc, PROJECT))
        .containsExactly(
            "docs/made-up.md: no property orderflow.kafka.retry.max-wait",
            "docs/made-up.md: no property orderflow.nothing.here");
  }

  @Test
  void a_maven_module_that_does_not_exist_is_flagged() {
    var doc =
        madeUp(
            "devstack-embedded/README.md",
            "`./mvnw -q verify -pl devstack-embedded,platform` and `./mvnw -q package -pl devstack`");

    assertThat(DocsTruth.unknownModules(doc, PROJECT))
        .containsExactly("devstack-embedded/README.md: no Maven module devstack (-pl)");
  }

  @Test
  void a_port_neither_compose_nor_devstack_uses_is_flagged() {
    var doc =
        madeUp(
            "docs/made-up.md",
            "`curl localhost:8081/api/orders`, http://localhost:8281 and `localhost:8085`.");

    assertThat(DocsTruth.unknownPorts(doc, PROJECT))
        .containsExactly("docs/made-up.md: localhost:8085 is no port in use");
  }

  @Test
  void a_test_class_that_does_not_exist_is_flagged() {
    var doc =
        madeUp(
            "README.md", "Shown by `ChaosIT`, `OrderTest`, `DocsTruthTest` and `RetryTopicsIT`.");

    assertThat(DocsTruth.unknownTestClasses(doc, PROJECT))
        .containsExactly("README.md: no test class RetryTopicsIT");
  }

  @Test
  void a_dead_letter_id_in_another_form_is_flagged() {
    var doc =
        madeUp(
            "docs/runbooks/made-up.md",
            """
            ```bash
            ./devstack dlt redrive notification-service --all
            ./devstack dlt redrive inventory-service <ID>
            ./devstack dlt redrive notification-service orders.events.DLT:1:42
            ./devstack dlt redrive notification-service orders.events.DLT/1/42
            ```
            """);

    assertThat(DocsTruth.malformedDeadLetterIds(doc, PROJECT))
        .containsExactly(
            "docs/runbooks/made-up.md: orders.events.DLT/1/42 is no dead-letter id"
                + " (they look like orders.events.DLT:1:42)");
  }

  private static Doc madeUp(String path, String text) {
    return new Doc(ROOT.resolve(path), text);
  }

  private static List<String> problems(BiFunction<Doc, Project, List<String>> rule) {
    return DOCS.stream().flatMap(doc -> rule.apply(doc, PROJECT).stream()).toList();
  }
}
