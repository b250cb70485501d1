package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.prometheus.LocalPrometheus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  private static final AdminCredentials NEW =
      new AdminCredentials("admin", "Xq3-generated-pw", true);
  private static final AdminCredentials KNOWN =
      new AdminCredentials("admin", "Xq3-generated-pw", false);

  @Test
  void the_summary_has_one_aligned_line_per_address_then_how_to_stop() {
    var options = DevstackOptions.defaults(Path.of("/repo"));

    var lines = RunCommand.summary(options, Duration.ofMillis(41_300), NEW);

    assertThat(lines.getFirst()).isEqualTo("orderflow is up (ready in 41.3 s):");
    assertThat(lines.getLast()).isEqualTo("Ctrl-C to stop.");
    assertThat(lines)
        .contains(
            "  order-service         http://localhost:8081/api/orders",
            "  inventory-service     http://localhost:8082/api/stock/{sku}",
            "  kafka                 localhost:9092",
            "  mongodb               mongodb://localhost:27017/{orders,inventory,notifications,projections}",
            "  smtp                  localhost:3025",
            "  logs                  /repo/.devstack/logs/<part>.log",
            "  listening             on this machine only (DEVSTACK_BIND=0.0.0.0: services and"
                + " Prometheus on every interface)",
            "  admin API             /api/admin/** with HTTP Basic admin / Xq3-generated-pw"
                + " (generated now, shown this once; kept in /repo/.devstack/admin-password)");
  }

  @Test
  void the_summary_lists_every_instance_and_every_broker() {
    var options = DevstackOptions.defaults(Path.of("/repo")).instances(2).brokers(3);

    var lines = RunCommand.summary(options, Duration.ofMillis(41_300), KNOWN);

    assertThat(lines)
        .contains(
            "  order-service           http://localhost:8081/api/orders",
            "  order-service-2         http://localhost:8181/api/orders",
            "  projection-service-2    http://localhost:8184/api/orders/{id}  /api/stream",
            "  kafka                   localhost:9092,localhost:9093,localhost:9094 (3 KRaft"
                + " nodes: replication 3, min ISR 2)");
  }

  @Test
  void the_console_comes_first_where_it_runs_aligned_with_the_others() {
    var options = DevstackOptions.defaults(Path.of("/repo")).console(true);

    var lines = RunCommand.summary(options, Duration.ofMillis(41_300), KNOWN);

    assertThat(lines.get(1)).isEqualTo("  console               http://localhost:8080");
    assertThat(lines.get(2)).isEqualTo("  order-service         http://localhost:8081/api/orders");
    assertThat(RunCommand.summary(options.infrastructureOnly(), Duration.ofSeconds(5), KNOWN))
        .noneMatch(line -> line.contains("console"));
  }

  @Test
  void devstack_runs_the_console_unless_told_not_to() {
    var flags = Set.of("fresh", "demo", "training-rules");
    var arguments = Arguments.parse(List.of(), flags, RunCommand.OPTIONS);
    var repo = Path.of("/repo");

    assertThat(RunCommand.options(arguments, repo, Map.of()).runsConsole()).isTrue();
    assertThat(RunCommand.options(arguments, repo, Map.of("DEVSTACK_CONSOLE", "off")).runsConsole())
        .isFalse();
  }

  @Test
  void a_password_generated_before_is_not_shown_again_only_where_it_is() {
    var options = DevstackOptions.defaults(Path.of("/repo"));

    assertThat(RunCommand.summary(options, Duration.ofSeconds(5), KNOWN))
        .contains(
            "  admin API             /api/admin/** with HTTP Basic admin / the password in"
                + " /repo/.devstack/admin-password")
        .noneMatch(line -> line.contains(KNOWN.password()));
  }

  @Test
  void without_services_only_the_infrastructure_is_listed() {
    var options = DevstackOptions.defaults(Path.of("/repo")).infrastructureOnly().prometheus(false);

    assertThat(RunCommand.summary(options, Duration.ofSeconds(5), KNOWN))
        .noneMatch(line -> line.contains("http://"))
        .contains("  mongodb     mongodb://localhost:27017");
  }

  @Test
  void prometheus_is_listed_where_it_runs_and_how_to_install_it_where_it_does_not() {
    var options = DevstackOptions.defaults(Path.of("/repo"));

    assertThat(RunCommand.summary(options.prometheus(true), Duration.ofSeconds(5), KNOWN))
        .contains(
            "  prometheus            http://localhost:9090 (alerts: /alerts; config"
                + " /repo/.devstack/run/prometheus.yml)");
    assertThat(RunCommand.summary(options.prometheus(false), Duration.ofSeconds(5), KNOWN))
        .contains(
            "  prometheus            not installed; to have ./devstack run it: sudo apt-get"
                + " install prometheus");
  }

  @Test
  void the_training_rules_come_from_the_flag_or_the_environment() {
    var flags = Set.of("fresh", "demo", "training-rules");
    var repo = Path.of("/repo");

    assertThat(
            RunCommand.options(
                    Arguments.parse(List.of(), flags, RunCommand.OPTIONS), repo, Map.of())
                .rules())
        .isEqualTo(LocalPrometheus.Rules.STANDARD);
    assertThat(
            RunCommand.options(
                    Arguments.parse(List.of("--training-rules"), flags, RunCommand.OPTIONS),
                    repo,
                    Map.of())
                .rules())
        .isEqualTo(LocalPrometheus.Rules.TRAINING);
    assertThat(
            RunCommand.options(
                    Arguments.parse(List.of(), flags, RunCommand.OPTIONS),
                    repo,
                    Map.of("DEVSTACK_RULES", "training"))
                .rules())
        .isEqualTo(LocalPrometheus.Rules.TRAINING);
  }
}
