package dev.orderflow.devstack;

import dev.orderflow.devstack.demo.DemoTraffic;
import dev.orderflow.devstack.prometheus.LocalPrometheus;
import dev.orderflow.devstack.verify.Ledger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./devstack [run] [--fresh] [--demo] [--instances N] [--brokers 1|3] [--training-rules]}:
 * the supervisor in the foreground until Ctrl-C.
 */
final class RunCommand {

  /** The options that take a value. */
  static final Set<String> OPTIONS = Set.of("instances", "brokers");

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  private RunCommand() {}

  static int run(Arguments arguments, Path repoRoot, Map<String, String> environment) {
    if (!arguments.positionals().isEmpty()) {
      throw new IllegalArgumentException("Unexpected argument " + arguments.positionals());
    }
    var options = options(arguments, repoRoot, environment);
    var begin = Instant.now();
    Devstack stack;
    try {
      stack = Devstack.start(options);
    } catch (DevstackException e) {
      log.error("{}", e.getMessage());
      return 1;
    }
    summary(options, Duration.between(begin, Instant.now()), stack.adminCredentials())
        .forEach(System.out::println);
    if (arguments.flag("demo")) {
      startDemo(options);
    }
    try {
      stack.awaitClosed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * The stack's options from the environment and the command line.
   *
   * @throws IllegalArgumentException for instances or brokers out of bounds, with the bounds
   */
  static DevstackOptions options(
      Arguments arguments, Path repoRoot, Map<String, String> environment) {
    var options =
        DevstackOptions.defaults(repoRoot)
            .console(true)
            .withEnvironment(environment)
            .fresh(arguments.flag("fresh"))
            .instances(arguments.intValue("instances", 1))
            .brokers(arguments.intValue("brokers", 1));
    return arguments.flag("training-rules")
        ? options.rules(LocalPrometheus.Rules.TRAINING)
        : options;
  }

  private static void startDemo(DevstackOptions options) {
    if (!options.services().contains(Service.ORDER)) {
      log.warn("--demo needs order-service; no demo traffic");
      return;
    }
    var demo =
        DemoTraffic.start(
            url(options, Service.ORDER),
            options.services().contains(Service.INVENTORY) ? url(options, Service.INVENTORY) : null,
            Ledger.appendingTo(ledgers(options).resolve("demo.txt")));
    // Its own hook: the stack's hook stops the services meanwhile, and the demo just goes quiet.
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "devstack-demo-shutdown"));
  }

  /** Where clients of this stack record the orders answered 202 ({@code ./devstack verify}). */
  static Path ledgers(DevstackOptions options) {
    return options.dataDir().resolve("data").resolve(Ledger.DIRECTORY);
  }

  /** One aligned line per address a user needs, then how to stop. */
  static List<String> summary(DevstackOptions options, Duration readyIn, AdminCredentials admin) {
    var rows = new ArrayList<String[]>();
    if (options.runsConsole()) {
      rows.add(
          new String[] {
            Console.CONSOLE.partName(), "http://localhost:" + options.port(Console.CONSOLE)
          });
    }
    for (var service : options.services()) {
      for (var instance : options.instancesOf(service)) {
        rows.add(
            new String[] {
              instance.name(),
              "http://localhost:" + options.port(instance) + service.mainEndpoints()
            });
      }
    }
    if (!options.services().isEmpty()) {
      rows.add(new String[] {"metrics", "/actuator/prometheus on every service"});
      rows.add(
          new String[] {"admin API", "/api/admin/** with HTTP Basic " + admin(options, admin)});
    }
    rows.add(
        new String[] {
          "kafka",
          options.kafkaBootstrapServers()
              + (options.brokers() > 1
                  ? " (%d KRaft nodes: replication %d, min ISR 2)"
                      .formatted(options.brokers(), options.brokers())
                  : "")
        });
    rows.add(
        new String[] {
          "mongodb",
          "mongodb://localhost:"
              + options.port(Infrastructure.MONGO)
              + databases(options.services())
        });
    rows.add(new String[] {"smtp", "localhost:" + options.port(Infrastructure.SMTP)});
    rows.add(
        new String[] {
          "prometheus",
          options.prometheus()
              ? "http://localhost:"
                  + options.port(Infrastructure.PROMETHEUS)
                  + " (alerts: /alerts; config "
                  + options.prometheusConfig()
                  + (options.rules() == LocalPrometheus.Rules.TRAINING
                      ? "; training rules: alerts after 1 minute"
                      : "")
                  + ")"
              : "not installed; to have ./devstack run it: sudo apt-get install prometheus"
        });

    var opened =
        options.runsConsole() ? "console, services and Prometheus" : "services and Prometheus";
    rows.add(
        new String[] {
          "listening",
          options.bindAddress().equals(DevstackOptions.LOOPBACK)
              ? "on this machine only (DEVSTACK_BIND=0.0.0.0: " + opened + " on every interface)"
              : opened + " on every interface; Kafka, MongoDB, SMTP on this machine only"
        });
    rows.add(new String[] {"logs", options.dataDir().resolve("logs") + "/<part>.log"});
    int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0) + 2;
    var lines = new ArrayList<String>();
    lines.add(
        String.format(
            Locale.ROOT, "orderflow is up (ready in %.1f s):", readyIn.toMillis() / 1000.0));
    rows.forEach(row -> lines.add("  " + padded(row[0], width) + row[1]));
    lines.add("Ctrl-C to stop.");
    return lines;
  }

  private static String databases(List<Service> services) {
    if (services.isEmpty()) {
      return "";
    }
    if (services.size() == 1) {
      return "/" + services.getFirst().database();
    }
    return services.stream().map(Service::database).collect(Collectors.joining(",", "/{", "}"));
  }

  private static String admin(DevstackOptions options, AdminCredentials admin) {
    if (admin.generated()) {
      return "%s / %s (generated now, shown this once; kept in %s)"
          .formatted(admin.user(), admin.password(), options.adminPasswordFile());
    }
    return admin.user() + " / the password in " + options.adminPasswordFile();
  }

  private static String padded(String text, int width) {

    return text + " ".repeat(Math.max(1, width - text.length()));
  }

  private static URI url(DevstackOptions options, Service service) {
    return URI.create("http://localhost:" + options.port(service));
  }
}
