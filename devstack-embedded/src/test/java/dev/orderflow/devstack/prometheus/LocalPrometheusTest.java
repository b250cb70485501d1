package dev.orderflow.devstack.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

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
}
