package dev.orderflow.devstack.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPrometheusTest {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path directory;

  @Test
  void the_configuration_scrapes_the_ports_in_use_and_loads_the_rules_by_absolute_path()
      throws Exception {
    // order-service moved to 9090 and Prometheus to 8081: each address is replaced once.
    var config =
        Files.readString(
            LocalPrometheus.writeConfig(
                REPO,
                Map.of(8081, List.of(9090), 9090, List.of(8081)),
                directory.resolve("run/prometheus.yml")));

    assertThat(config).contains("targets: [localhost:9090]\n\n  - job_name: inventory-service");
    assertThat(config)
        .contains("job_name: prometheus\n    static_configs:\n      - targets: [localhost:8081]");
    assertThat(config).contains("targets: [localhost:8082]");
    assertThat(config).contains("- " + REPO.resolve("infra/prometheus/rules") + "/*.yml");
  }

  @Test
  void every_instance_of_a_service_is_scraped() throws Exception {
    var config =
        Files.readString(
            LocalPrometheus.writeConfig(
                REPO,
                Map.of(8081, List.of(8081, 8181, 8281), 8084, List.of(8084, 8184)),
                directory.resolve("run/prometheus.yml")));

    assertThat(config)
        .contains("targets: [localhost:8081, localhost:8181, localhost:8281]")
        .contains("targets: [localhost:8084, localhost:8184]")
        .contains("targets: [localhost:8082]");
  }

  @Test
  void the_binary_is_found_on_the_path_or_not_at_all() throws Exception {
    var bin = Files.createDirectories(directory.resolve("bin"));
    var prometheus = Files.createFile(bin.resolve("prometheus"));
    prometheus.toFile().setExecutable(true);

    assertThat(LocalPrometheus.binary(Map.of("PATH", "/nowhere:" + bin))).contains(prometheus);
    assertThat(LocalPrometheus.binary(Map.of("PATH", "/nowhere"))).isEmpty();
  }

  /** The training rules, in a checkout of its own: only which directory is loaded matters here. */
  @Test
  void the_training_rules_are_loaded_instead_of_the_standard_ones() throws Exception {
    var checkout = Files.createDirectories(directory.resolve("checkout"));
    var infra = Files.createDirectories(checkout.resolve("infra/prometheus"));
    Files.copy(REPO.resolve(LocalPrometheus.CONFIG), checkout.resolve(LocalPrometheus.CONFIG));
    Files.createDirectories(infra.resolve("rules"));
    Files.createDirectories(infra.resolve("rules-training"));

    var config =
        Files.readString(
            LocalPrometheus.writeConfig(
                checkout,
                Map.of(),
                directory.resolve("run/prometheus.yml"),
                LocalPrometheus.Rules.TRAINING));

    assertThat(config)
        .contains("- " + infra.resolve("rules-training").toAbsolutePath() + "/*.yml")
        .doesNotContain(infra.resolve("rules") + "/");
  }

  @Test
  void rules_that_are_not_in_the_checkout_are_refused_by_name() throws Exception {
    var checkout = Files.createDirectories(directory.resolve("bare"));
    Files.createDirectories(checkout.resolve("infra/prometheus"));
    Files.copy(REPO.resolve(LocalPrometheus.CONFIG), checkout.resolve(LocalPrometheus.CONFIG));

    assertThatThrownBy(() ->
            LocalPrometheus.writeConfig(
                checkout,
                Map.of(),
                directory.resolve("run/prometheus.yml"),
                LocalPrometheus.Rules.TRAINING))
        .hasMessageContaining("No training rules: infra/prometheus/rules-training is missing");
    assertThat(LocalPrometheus.Rules.named(" Training ")).isEqualTo(LocalPrometheus.Rules.TRAINING);
    assertThatThrownBy(() -> LocalPrometheus.Rules.named("fast"))
        .hasMessageContaining("DEVSTACK_RULES is 'standard'");
  }
}
