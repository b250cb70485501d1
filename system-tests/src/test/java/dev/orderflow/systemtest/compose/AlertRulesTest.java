package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orderflow.devstack.prometheus.LocalPrometheus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The alerting rules of {@code infra/prometheus/rules/} and their training copy in {@code
 * infra/prometheus/rules-training/}: each alert has a runbook that exists, linked by path and by
 * URL, and is unit-tested both firing and not firing; Prometheus' own {@code promtool} accepts the
 * rules and passes those tests (where it is installed: {@code .ci/run} installs it); the training
 * rules are the production ones with short {@code for:} and windows, nothing else.
 */
public class AlertRulesTest {

  /** A rules file and the promtool tests of it. */
  record RuleSet(String rules, String tests) {
    @Override
    public String toString() {
      return rules;
    }
  }

  private static final RuleSet PRODUCTION =
      new RuleSet(
          "infra/prometheus/rules/orderflow.yml", "infra/prometheus/tests/orderflow-test.yml");
  private static final RuleSet TRAINING =
      new RuleSet(
          "infra/prometheus/rules-training/orderflow.yml",
          "infra/prometheus/tests/training-test.yml");

  /** The longest {@code for:} of a training rule: a drill's alert comes within about 2 minutes. */
  private static final Duration TRAINING_FOR_AT_MOST = Duration.ofMinutes(1);

  private static final Pattern RANGE = Pattern.compile("\\[(\\d+[smhdw])]");
  private static final Pattern WINDOW_IN_NAME = Pattern.compile(":rate\\d+[smhdw]\\b");
  private static final Pattern DURATION_IN_WORDS =
      Pattern.compile("\\b\\d+ (second|minute|hour)s?\\b");

  static Stream<RuleSet> ruleSets() {
    return Stream.of(PRODUCTION, TRAINING);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleSets")
  void every_alert_says_what_it_is_and_points_to_a_runbook_that_exists(RuleSet set) {
    assertThat(alerts(set)).isNotEmpty();
    for (var alert : alerts(set)) {
      var name = (String) alert.get("alert");
      var annotations = map(alert.get("annotations"));
      assertThat(annotations).as(name).containsKeys("summary", "description");
      assertThat(map(alert.get("labels"))).as(name).containsKey("severity");
      assertThat(annotations.get("runbook")).as(name).isEqualTo("docs/runbooks/" + name + ".md");
      assertThat(Repository.file("docs/runbooks/" + name + ".md")).as(name).isRegularFile();
      // Prometheus serves docs/ under /user (--web.user-assets): the same page, as a link.
      assertThat(annotations.get("runbook_url"))
          .as(name)
          .isEqualTo("{{ $externalURL }}/user/runbooks/" + name + ".md");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleSets")
  void every_alert_is_tested_firing_and_not_firing(RuleSet set) {
    var firing = new ArrayList<String>();
    var silent = new ArrayList<String>();
    for (var test : list(yaml(set.tests()).get("tests"))) {
      for (var check : list(map(test).get("alert_rule_test"))) {
        var name = (String) map(check).get("alertname");
        (list(map(check).get("exp_alerts")).isEmpty() ? silent : firing).add(name);
      }
    }

    var names = alerts(set).stream().map(alert -> (String) alert.get("alert")).toList();
    assertThat(firing).as("tested firing").containsAll(names);
    assertThat(silent).as("tested not firing").containsAll(names);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleSets")
  void promtool_accepts_the_rules_and_passes_their_tests(RuleSet set) throws Exception {
    assumeTrue(promtoolInstalled(), "promtool is not installed (Debian package prometheus)");

    assertThat(promtool("check", "rules", set.rules())).contains("SUCCESS");
    assertThat(promtool("test", "rules", set.tests())).contains("SUCCESS");
  }

  @Test
  void the_training_rules_are_the_production_rules_with_shorter_waits_and_windows() {
    var production = groups(PRODUCTION);
    var training = groups(TRAINING);

    assertThat(training).hasSameSizeAs(production);
    for (int g = 0; g < production.size(); g++) {
      var name = (String) production.get(g).get("name");
      assertThat(training.get(g).get("name"))
          .as("group " + g)
          .isEqualTo(name.replaceFirst("^orderflow-", "orderflow-training-"));
      var productionRules = list(production.get(g).get("rules"));
      var trainingRules = list(training.get(g).get("rules"));
      assertThat(trainingRules).as(name).hasSameSizeAs(productionRules);
      for (int r = 0; r < productionRules.size(); r++) {
        var rule = map(trainingRules.get(r));
        assertThat(comparable(rule))
            .as(name + " rule " + r)
            .isEqualTo(comparable(map(productionRules.get(r))));
        if (rule.containsKey("for")) {
          assertThat(duration(String.valueOf(rule.get("for"))))
              .as(name + " rule " + r + " for:")
              .isLessThanOrEqualTo(TRAINING_FOR_AT_MOST);
        }
      }
    }
  }

  @Test
  void service_down_notices_a_service_with_no_instance_left_to_scrape() {
    var expression =
        (String)
            alerts(PRODUCTION).stream()
                .filter(alert -> "ServiceDown".equals(alert.get("alert")))
                .findFirst()
                .orElseThrow()
                .get("expr");
    var jobs = new ArrayList<String>();
    for (var config : List.of("infra/prometheus/prometheus.yml", "infra/prometheus/devstack.yml")) {
      for (var job : list(yaml(config).get("scrape_configs"))) {
        var name = String.valueOf(map(job).get("job_name"));
        if (name.endsWith("-service") && !jobs.contains(name)) {
          jobs.add(name);
        }
      }
    }

    assertThat(jobs).isNotEmpty();
    for (var job : jobs) {
      // Under compose a stopped container leaves DNS: no `up == 0`, no `up` at all.
      assertThat(expression).as(job).contains("absent(up{job=\"" + job + "\"})");
    }
  }

  /** The names of the alerts the rules file defines: what a Prometheus running it must load. */
  public static List<String> alertNames() {
    return alerts(PRODUCTION).stream().map(alert -> (String) alert.get("alert")).toList();
  }

  /**
   * A rule with what the training copy may change set aside: its {@code for:}, range windows, the
   * window in a recording rule's name, and durations spelled out in its annotations.
   */
  private static Map<String, Object> comparable(Map<String, Object> rule) {
    var copy = new LinkedHashMap<String, Object>(rule);
    copy.remove("for");
    copy.computeIfPresent("expr", (key, expr) -> windowless(String.valueOf(expr)));
    copy.computeIfPresent("record", (key, record) -> windowless(String.valueOf(record)));
    copy.computeIfPresent(
        "annotations",
        (key, annotations) -> {
          var texts = new LinkedHashMap<String, Object>();
          map(annotations)
              .forEach((name, text) ->
                  texts.put(
                      name,
                      DURATION_IN_WORDS.matcher(String.valueOf(text)).replaceAll("<duration>")));
          return texts;
        });
    return copy;
  }

  private static String windowless(String expression) {
    var ranges = RANGE.matcher(expression).replaceAll("[<window>]");
    return WINDOW_IN_NAME.matcher(ranges).replaceAll(":rate<window>");
  }

  /** A Prometheus duration such as {@code 1m}, {@code 90s} or {@code 1m30s}. */
  private static Duration duration(String text) {
    var total = Duration.ZERO;
    var part = Pattern.compile("(\\d+)(ms|s|m|h|d|w)").matcher(text);
    var matched = 0;
    while (part.find()) {
      matched += part.group().length();
      long n = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
              });
    }
    assertThat(matched).as("duration " + text).isEqualTo(text.length());
    return total;
  }

  private static List<Map<String, Object>> groups(RuleSet set) {
    return list(yaml(set.rules()).get("groups")).stream().map(AlertRulesTest::map).toList();
  }

  private static List<Map<String, Object>> alerts(RuleSet set) {
    var alerts = new ArrayList<Map<String, Object>>();
    for (var group : groups(set)) {
      for (var rule : list(group.get("rules"))) {
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
