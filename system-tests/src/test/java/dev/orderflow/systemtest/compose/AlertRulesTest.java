package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orderflow.devstack.prometheus.LocalPrometheus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The alerting rules of {@code infra/prometheus/rules/}: each alert has a runbook that exists and
 * is unit-tested both firing and not firing, and Prometheus' own {@code promtool} accepts the rules
 * and passes those tests (where it is installed: {@code .ci/run} installs it).
 */
public class AlertRulesTest {

  private static final String RULES = "infra/prometheus/rules/orderflow.yml";
  private static final String TESTS = "infra/prometheus/tests/orderflow-test.yml";

  @Test
  void every_alert_says_what_it_is_and_points_to_a_runbook_that_exists() {
    assertThat(alerts()).isNotEmpty();
    for (var alert : alerts()) {
      var name = (String) alert.get("alert");
      var annotations = map(alert.get("annotations"));
      assertThat(annotations).as(name).containsKeys("summary", "description");
      assertThat(map(alert.get("labels"))).as(name).containsKey("severity");
      assertThat(annotations.get("runbook")).as(name).isEqualTo("docs/runbooks/" + name + ".md");
      assertThat(Repository.file("docs/runbooks/" + name + ".md")).as(name).isRegularFile();
    }
  }

  @Test
  void every_alert_is_tested_firing_and_not_firing() {
    var firing = new ArrayList<String>();
    var silent = new ArrayList<String>();
    for (var test : list(yaml(TESTS).get("tests"))) {
      for (var check : list(map(test).get("alert_rule_test"))) {
        var name = (String) map(check).get("alertname");
        (list(map(check).get("exp_alerts")).isEmpty() ? silent : firing).add(name);
      }
    }

    var names = alerts().stream().map(alert -> (String) alert.get("alert")).toList();
    assertThat(firing).as("tested firing").containsAll(names);
    assertThat(silent).as("tested not firing").containsAll(names);
  }

  @Test
  void promtool_accepts_the_rules_and_passes_their_tests() throws Exception {
    assumeTrue(promtoolInstalled(), "promtool is not installed (Debian package prometheus)");

    assertThat(promtool("check", "rules", RULES)).contains("SUCCESS");
    assertThat(promtool("test", "rules", TESTS)).contains("SUCCESS");
  }

  /** The names of the alerts the rules file defines: what a Prometheus running it must load. */
  public static List<String> alertNames() {
    return alerts().stream().map(alert -> (String) alert.get("alert")).toList();
  }

  private static List<Map<String, Object>> alerts() {
    var alerts = new ArrayList<Map<String, Object>>();
    for (var group : list(yaml(RULES).get("groups"))) {
      for (var rule : list(map(group).get("rules"))) {
        if (map(rule).containsKey("alert")) {
          alerts.add(map(rule));
        }
      }
    }
    return alerts;
  }

  private static String promtool(String... arguments) throws IOException, InterruptedException {
    var command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(arguments));
    var process =
        new ProcessBuilder(command).directory(Repository.root().toFile()).redirectErrorStream(true);
    var running = process.start();
    var output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(running.exitValue()).as(output).isZero();
    return output;
  }

  private static boolean promtoolInstalled() {
    return LocalPrometheus.onPath("promtool", System.getenv()).isPresent();
  }

  private static Map<String, Object> yaml(String relativePath) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(Repository.read(relativePath));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }
}
