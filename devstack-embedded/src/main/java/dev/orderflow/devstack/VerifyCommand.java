package dev.orderflow.devstack;

import dev.orderflow.devstack.supervisor.Readiness;
import dev.orderflow.devstack.verify.Invariants;
import dev.orderflow.devstack.verify.Ledger;
import dev.orderflow.devstack.verify.Target;
import dev.orderflow.devstack.verify.Verifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./devstack verify}: the guarantees checked against a running orderflow ({@code
 * ./devstack}, or compose with its ports as options), in plain words; exit status 0 when every one
 * holds, 1 when one does not, 3 when the system could not be read at all.
 */
final class VerifyCommand {

  static final Set<String> OPTIONS =
      Set.of(
          "orders",
          "inventory",
          "notifications",
          "projection",
          "mongo",
          "kafka",
          "ledger",
          "wait",
          "deadline",
          "settle");

  /** How long an order may stay pending: the saga's 30 s deadline plus its sweep and a margin. */
  static final Duration DEADLINE = Duration.ofSeconds(45);

  /** How long the consequences of an order's last event may take to show. */
  static final Duration SETTLE = Duration.ofSeconds(30);

  private VerifyCommand() {}

  static int run(Arguments arguments, Path repoRoot, Map<String, String> environment)
      throws InterruptedException {
    if (!arguments.positionals().isEmpty()) {
      throw new IllegalArgumentException("Unexpected argument " + arguments.positionals());
    }
    var options =
        DevstackOptions.defaults(repoRoot).withEnvironment(environment).withRunningTopology();
    var target = target(arguments, options);
    var ledgers =
        arguments
            .value("ledger")
            .map(value -> Arrays.stream(value.split(",")).map(Path::of).toList())
            .orElse(List.of(RunCommand.ledgers(options)));
    var invariants =
        new Invariants(
            arguments.durationValue("deadline", DEADLINE),
            arguments.durationValue("settle", SETTLE));
    var patience = arguments.durationValue("wait", Duration.ofSeconds(60));
    var ledger = Ledger.read(ledgers);
    System.out.printf(
        "Checking %s (MongoDB %s, Kafka %s) against %d acknowledged orders from %s, for up to %d s%n",
        target.orders(),
        target.mongo(),
        target.kafka(),
        ledger.size(),
        ledgers,
        patience.toSeconds());
    try {
      var verdict =
          new Verifier(target, invariants, Clock.systemUTC()).verify(ledger, patience, System.out);
      System.out.print(verdict.report());
      return verdict.passed() ? 0 : 1;
    } catch (RuntimeException e) {
      var cause = e.getCause() == null ? "" : " (" + e.getCause() + ")";
      System.err.println("devstack verify: could not read the system: " + e + cause);
      return 3;
    }
  }

  static Target target(Arguments arguments, DevstackOptions options) {
    return new Target(
        url(arguments, "orders", options, Service.ORDER),
        url(arguments, "inventory", options, Service.INVENTORY),
        url(arguments, "notifications", options, Service.NOTIFICATION),
        url(arguments, "projection", options, Service.PROJECTION),
        arguments
            .value("mongo")
            .orElse("mongodb://localhost:" + options.port(Infrastructure.MONGO)),
        // Every broker of a running cluster: the check goes on with one of them down.
        arguments.value("kafka").orElse(options.kafkaBootstrapServers()));
  }

  /**
   * The service's address from the command line, or its first instance that answers: every instance
   * serves the same reads, so the check goes on with one of them down (as {@code dlt}). The first
   * when none answers, for the error to name.
   */
  private static URI url(
      Arguments arguments, String name, DevstackOptions options, Service service) {
    var given = arguments.value(name);
    if (given.isPresent()) {
      return URI.create(given.get());
    }
    var instances = options.instancesOf(service);
    int port =
        instances.stream()
            .map(options::port)
            .filter(candidate -> new Readiness.PortOpen(candidate).isReady())
            .findFirst()
            .orElse(options.port(instances.getFirst()));
    return URI.create("http://localhost:" + port);
  }
}
