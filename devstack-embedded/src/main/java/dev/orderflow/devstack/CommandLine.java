package dev.orderflow.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Dispatches on the first argument; {@code ./devstack --fresh} means {@code run --fresh}. */
final class CommandLine {

  static final String USAGE =
      """
      Usage: ./devstack [run] [--fresh] [--demo] [--instances N] [--brokers 1|3] [--training-rules]
               Runs Kafka, MongoDB, SMTP, the four services and the web console (port 8080),
               each its own supervised process, until Ctrl-C; then Prometheus too if
               `prometheus` is installed.
               --fresh        start from empty data (deletes .devstack/data and .devstack/logs)
               --demo         seed stock and keep a gentle stream of demo orders flowing
               --training-rules  Prometheus loads infra/prometheus/rules-training/ (every alert
                              after 1 minute) instead of infra/prometheus/rules/, for drills
               --instances N  N instances (1-4) of every service: the first on the usual port,
                              the k-th 100*(k-1) above it (8081, 8181, 8281 ...)
               --brokers 3    three Kafka nodes, one KRaft cluster (replication 3, min ISR 2) on
                              9092, 9093, 9094 (controllers 9095-9097); default 1
             ./devstack dlt [list]
               Lists the dead letters of every running service, with their cause; a service
               that does not answer is named and skipped (exit status 1).
             ./devstack dlt redrive SERVICE ID | SERVICE --all
               Sends one dead letter (ID as listed) or all of a service's back to their topic.
             ./devstack faults
               Every fault of every running service: on or off, parameters, limits; exit
               status 1 if a service does not answer.
             ./devstack mongo [DATABASE [COLLECTION [FILTER]]] [--limit 20] [--sort JSON]
               The databases and their collections, a database's collections with their
               document counts, or a collection's documents as JSON (FILTER a query such as
               '{"status":"PENDING"}'; at most --limit of them).
             ./devstack topic [TOPIC [--last 10 | --from-beginning] [--key KEY]]
               The topics (partitions, offsets in use: records and transaction markers),
               or a topic's records: partition, offset, time, key, headers (ce_*,
               traceparent, a dead letter's cause) and the value; the last 10 by default.
             ./devstack drill list | drill NAME start
                 | drill [NAME] check [--wait 180s] [--prometheus URL]
                 | drill [NAME] stop | drill random | drill reveal
               Incident drills from docs/drills/: start switches the drill's faults on, holds
               its parts stopped and drives its traffic; check prints PASS/FAIL per expectation
               from Prometheus (exit 0 only when all pass; --prometheus reads another, e.g.
               compose's); stop undoes it all; random starts one
               without naming it, reveal names it. See docs/drills/README.md.
             ./devstack traffic [--rate 1.5] [--orders URL] [--inventory URL] [--ledger FILE]
                 [--follow PID]
               Demo orders at RATE per second against the running stack (or the URLs given,
               e.g. compose's), until Ctrl-C or until process PID is gone; the orders answered
               202 go to the ledger that verify reads.
             ./devstack verify [--wait 60s] [--orders URL] [--inventory URL]
                 [--notifications URL] [--projection URL] [--mongo URI] [--kafka HOST:PORT]
                 [--ledger FILE,...] [--deadline 45s] [--settle 30s]
               Checks every guarantee against the running system (every order answered 202
               stored and decided, the read side equal to the event store, stock conserved, one
               email per terminal state, outboxes drained, lag 0) and says what breaks them;
               exit status 1 if one does not hold. Defaults: this machine's devstack ports.
             ./devstack part kafka|mongo|smtp|prometheus [--port N] [--data DIR]
                 [--partitions N] [--config FILE] [--bind ADDRESS]
                 [--node N --voters 1@localhost:9095,... --cluster-id ID]
               Runs one infrastructure part in the foreground (what the supervisor launches).
             ./devstack bench [--duration 60s] [--clients 32] [--rate N] [--instances N]
                 [--brokers 1|3] ...
               Benchmarks a fresh stack of its own against raw Kafka; results in
               .devstack/bench/latest.json (the load generator's: bench --help).
             ./devstack help


      Environment: DEVSTACK_{KAFKA,MONGO,SMTP,PROMETHEUS}_PORT, DEVSTACK_{ORDER,INVENTORY,
      NOTIFICATION,PROJECTION,CONSOLE}_PORT, DEVSTACK_SERVICES (e.g.
      order-service,inventory-service or none), DEVSTACK_PARTITIONS, DEVSTACK_PROMETHEUS=off,
      DEVSTACK_CONSOLE=off (no web console), DEVSTACK_RULES=training (as --training-rules),
      DEVSTACK_BIND=0.0.0.0 (console, services and Prometheus on every interface; default
      127.0.0.1), ADMIN_USER / ADMIN_PASSWORD (default: admin and a password generated on the
      first start, kept in .devstack/admin-password).
      See devstack-embedded/README.md.

      """;

  private CommandLine() {}

  static int run(List<String> arguments, Map<String, String> environment) {
    var command =
        arguments.isEmpty() || arguments.getFirst().startsWith("--") ? "run" : arguments.getFirst();
    var rest =
        arguments.isEmpty() || arguments.getFirst().startsWith("--")
            ? arguments
            : arguments.subList(1, arguments.size());
    if (arguments.contains("--help") || arguments.contains("-h")) {
      command = "help";
    }
    try {
      switch (command) {
        case "run" -> {
          ConsoleLogging.forSupervisor();
          return RunCommand.run(
              Arguments.parse(rest, Set.of("fresh", "demo", "training-rules"), RunCommand.OPTIONS),
              repoRoot(),
              environment);
        }
        case "part" -> {
          ConsoleLogging.forPart();
          return PartCommand.run(
              Arguments.parse(rest, Set.of(), PartCommand.OPTIONS), repoRoot(), environment);
        }
        case "verify" -> {
          ConsoleLogging.forCommand();
          return VerifyCommand.run(
              Arguments.parse(rest, Set.of(), VerifyCommand.OPTIONS), repoRoot(), environment);
        }
        case "dlt" -> {
          return DeadLetterCommand.run(
              Arguments.parse(rest, Set.of("all"), Set.of()), repoRoot(), environment);
        }
        case "faults" -> {
          if (!rest.isEmpty()) {
            throw new IllegalArgumentException("faults takes no arguments");
          }
          var options = runningStack(environment);
          return FaultsCommand.run(
              options, AdminCredentials.of(options, environment), System.out, System.err);
        }
        case "mongo" -> {
          ConsoleLogging.forCommand();
          return MongoCommand.run(
              Arguments.parse(rest, Set.of(), MongoCommand.OPTIONS),
              runningStack(environment),
              System.out);
        }
        case "topic" -> {
          ConsoleLogging.forCommand();
          return TopicCommand.run(
              Arguments.parse(rest, TopicCommand.FLAGS, TopicCommand.OPTIONS),
              runningStack(environment),
              System.out);
        }
        case "drill" -> {
          return DrillCommand.run(
              rest, runningStack(environment), environment, System.out, System.err);
        }
        case "traffic" -> {
          ConsoleLogging.forSupervisor();
          return TrafficCommand.run(
              Arguments.parse(rest, Set.of(), TrafficCommand.OPTIONS), repoRoot(), environment);
        }
        case "help" -> {
          System.out.print(USAGE);
          return 0;
        }
        default -> throw new IllegalArgumentException("Unknown command '" + command + "'");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("devstack: " + e.getMessage());
      System.err.print(USAGE);
      return 2;
    } catch (DevstackException e) {
      System.err.println("devstack: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("devstack: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** The stack running on this checkout, as it noted itself, or the defaults if none runs. */
  private static DevstackOptions runningStack(Map<String, String> environment) {
    return DevstackOptions.defaults(repoRoot()).withEnvironment(environment).withRunningTopology();
  }

  /** The checkout: {@code ./devstack} passes it; otherwise the working directory. */
  private static Path repoRoot() {
    return Path.of(System.getProperty("devstack.root", "")).toAbsolutePath();
  }
}
