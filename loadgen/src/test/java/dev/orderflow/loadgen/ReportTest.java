package dev.orderflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  @Test
  void markdown_shows_figures_to_a_tenth_and_shares_with_their_own_decimals() throws Exception {
    var results = new LinkedHashMap<String, Object>();
    results.put("p99Ms", 246.04);
    results.put("workload", Map.of("cancelRatio", 0.05));
    results.put("undecided", 0);

    var json = Report.write(dir.resolve("latest"), results, "bench");

    assertThat(json).hasFileName("latest.json");
    assertThat(Files.readString(json)).contains("\"cancelRatio\" : 0.05");
    assertThat(Files.readString(dir.resolve("latest.md")))
        .contains("| p99Ms | 246.0 |", "| workload | cancelRatio: 0.05; |", "| undecided | 0 |");
  }
}
