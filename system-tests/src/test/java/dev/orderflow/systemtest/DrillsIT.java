package dev.orderflow.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.DevstackOptions;
import dev.orderflow.devstack.DrillCommand;
import dev.orderflow.devstack.prometheus.LocalPrometheus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three drills of {@code docs/drills/} end to end, as an SRE runs them on {@code ./devstack
 * --training-rules}: {@code drill NAME start} for each (they touch different services, so they run
 * at once, their traffic one process at the sum of their rates), {@code drill check --wait} until
 * every expectation of all three passes (their alerts fire after the training rules' minute), then
 * {@code drill stop}: every fault off, the traffic stopped, nothing left active. On a stack of its
 * own (fresh data, free ports), through the same code as the command ({@link DrillCommand}).
 */
class DrillsIT {

  private static final List<String> DRILLS =
      List.of("email-outage", "frozen-read-side", "slow-inventory");

  /** The alerts wait out their minute after their conditions hold, which takes a minute or so. */
  private static final String PATIENCE = "240s";

  private record Run(int status, String out) {}

  @Test
  void three_drills_started_together_pass_their_checks_and_stop_cleanly() throws Exception {
    assumeTrue(
        LocalPrometheus.binary(System.getenv()).isPresent(),
        "./devstack runs Prometheus only where it is installed (apt-get install prometheus)");
    var root = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
    assertThat(LocalPrometheus.Rules.TRAINING.in(root))
        .as("the training rules (infra/prometheus/rules-training/), which the drills' timings need")
        .isDirectory();
    var options =
        DevstackOptions.defaults(root)
            .dataDir(root.resolve("system-tests/target/drills"))
            .fresh(true)
            .withFreePorts()
            .clientLimits(1_000_000)
            .prometheus(true)
            .rules(LocalPrometheus.Rules.TRAINING);

    try (var stack = Devstack.start(options)) {
      var orderflow = new Orderflow(stack);
      for (var drill : DRILLS) {
        var start = drill(stack, drill, "start");
        assertThat(start.status()).as(start.out()).isZero();
        assertThat(start.out()).contains("Drill " + drill + " started");
      }
      assertThat(stack.options().dataDir().resolve("drill/traffic.pid")).exists();

      var check = drill(stack, "check", "--wait", PATIENCE);

      assertThat(check.status()).as(check.out()).isZero();
      assertThat(check.out())
          .doesNotContain("FAIL")
          .contains("PASS  alert CircuitBreakerOpenTooLong")
          .contains("PASS  alert ProjectionLag firing")
          .contains("PASS  alert ConsumerLagGrowing")
          .containsPattern("(?m)^(\\d+) of \\1 passed");

      var stop = drill(stack, "stop");

      assertThat(stop.status()).as(stop.out()).isZero();
      assertThat(stop.out())
          .contains("notification-service smtp-outage: off")
          .contains("projection-service stall: off")
          .contains("inventory-service slow-consumer: off")
          .contains("./devstack verify");
      assertThat(stack.options().dataDir().resolve("drill/active.json")).doesNotExist();
      assertThat(stack.options().dataDir().resolve("drill/traffic.pid")).doesNotExist();
      for (var service :
          List.of("notification-service", "projection-service", "inventory-service")) {
        var faults = orderflow.faults(service);
        assertThat(faults.status()).isEqualTo(200);
        faults
            .body()
            .forEach(fault ->
                assertThat(fault.get("enabled").asBoolean()).as(service + " " + fault).isFalse());
      }
      assertThat(drill(stack, "stop").out()).contains("No drill is active; nothing to stop.");
    }
  }

  private static Run drill(Devstack stack, String... arguments) {
    var out = new ByteArrayOutputStream();
    var printed = new PrintStream(out, true, StandardCharsets.UTF_8);
    int status =
        DrillCommand.run(List.of(arguments), stack.options(), System.getenv(), printed, printed);
    var text = out.toString(StandardCharsets.UTF_8);
    System.out.printf("drill %s -> %d%n%s", String.join(" ", arguments), status, text);
    return new Run(status, text);
  }
}
