package dev.orderflow.systemtest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.systemtest.compose.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * kustomize reads no file outside the directory it builds, so {@code
 * deploy/k8s/components/monitoring/} holds copies of what compose and ./devstack load from {@code
 * infra/}: the Grafana dashboards as they are, and the alert rules as a PrometheusRule. These tests
 * keep the copies equal to {@code infra/}; with {@code -Dorderflow.k8s.regenerate=true} they write
 * them anew first.
 */
class KubernetesCopiesTest {

  static final String MONITORING = Kustomize.DEPLOY + "/components/monitoring";

  static final String RULE_HEADER =
      """
      # Generated from infra/prometheus/rules/orderflow.yml by system-tests' KubernetesCopiesTest: do not
      # edit here; change the rules there and run the test with -Dorderflow.k8s.regenerate=true.
      # The alerts' runbook_url points at Prometheus' own /user/runbooks/ (compose serves docs/ there);
      # here the `runbook` annotation's repository path is the one to follow.
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata:
        name: orderflow
      spec:
      """;

  @Test
  void the_prometheus_rule_is_the_rules_of_infra_prometheus() throws IOException {
    var expected = prometheusRule(Repository.read("infra/prometheus/rules/orderflow.yml"));
    var copy = Repository.file(MONITORING + "/prometheus-rule.yaml");
    if (regenerate()) {
      Files.writeString(copy, expected);
    }

    assertThat(Repository.read(copy)).as(hint(copy)).isEqualTo(expected);
  }

  @Test
  void the_dashboards_are_those_of_infra_grafana() throws IOException {
    var source = Repository.file("infra/grafana/dashboards");
    var copies = Repository.file(MONITORING + "/dashboards");
    if (regenerate()) {
      try (var stale = Files.list(copies)) {
        for (var file : stale.toList()) {
          Files.delete(file);
        }
      }
      try (var files = Files.list(source)) {
        for (var file : files.toList()) {
          Files.copy(file, copies.resolve(file.getFileName()));
        }
      }
    }

    assertThat(names(copies)).as(hint(copies)).isEqualTo(names(source));
    try (var files = Files.list(source)) {
      for (var file : files.toList()) {
        assertThat(Repository.read(copies.resolve(file.getFileName())))
            .as(hint(copies))
            .isEqualTo(Repository.read(file));
      }
    }
    assertThat(Repository.read(MONITORING + "/kustomization.yaml"))
        .as("every dashboard is in the ConfigMap's files")
        .contains(names(source).stream().map(name -> "dashboards/" + name).toList());
  }

  /** The PrometheusRule of a rules file: its groups, comments and all, under {@code spec}. */
  static String prometheusRule(String rules) {
    var groups = rules.substring(rules.indexOf("groups:"));
    return RULE_HEADER
        + groups
            .lines()
            .map(line -> line.isBlank() ? line : "  " + line)
            .collect(Collectors.joining("\n", "", "\n"));
  }

  private static java.util.List<String> names(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  private static boolean regenerate() {
    return Boolean.getBoolean("orderflow.k8s.regenerate");
  }

  private static String hint(Path copy) {
    return Repository.root().relativize(copy)
        + " is a copy of infra/: rewrite it with -Dorderflow.k8s.regenerate=true";
  }
}
