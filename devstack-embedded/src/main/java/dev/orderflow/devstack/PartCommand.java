package dev.orderflow.devstack;

import dev.orderflow.devstack.kafka.EmbeddedKafka;
import dev.orderflow.devstack.kafka.KafkaNode;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.devstack.prometheus.LocalPrometheus;
import dev.orderflow.devstack.smtp.EmbeddedSmtp;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code ./devstack part kafka|mongo|smtp}: one infrastructure part in this JVM until SIGTERM, when
 * a shutdown hook closes it cleanly.
 *
 * <p>Started by a supervisor, a part ignores SIGINT and exits when the supervisor is gone. Ctrl-C
 * in a terminal signals every process of the foreground group; the infrastructure must outlive the
 * services, which still commit offsets and flush outboxes while they stop, so the supervisor stops
 * it last, with SIGTERM. And a supervisor killed with SIGKILL leaves no broker behind.
 */
final class PartCommand {

  /** The options {@code ./devstack part <name>} takes. */
  static final Set<String> OPTIONS =
      Set.of("port", "data", "partitions", "config", "bind", "node", "voters", "cluster-id");

  private static final Logger log = LoggerFactory.getLogger(PartCommand.class);

  /**
   * How long the SMTP part keeps what it received. Short enough for its 64 MB heap at any rate the
   * bench offers (a few KB per message: at 320 orders/s a minute's mail filled it, and the part
   * exited out of memory and was restarted mid-step); nobody reads the part's mail.
   */
  static final Duration MAIL_KEPT = Duration.ofSeconds(5);

  private PartCommand() {}

  static int run(Arguments arguments, Path repoRoot, Map<String, String> environment)
      throws IOException {
    if (arguments.positionals().size() != 1) {
      throw new IllegalArgumentException("part needs one of kafka, mongo, smtp, prometheus");
    }
    var part = Infrastructure.named(arguments.positionals().getFirst());
    var defaults = DevstackOptions.defaults(repoRoot);
    int port = arguments.intValue("port", part.defaultPort());
    var data = arguments.value("data").map(Path::of).orElse(defaults.dataDir(part));
    int partitions = arguments.intValue("partitions", defaults.partitions());

    var supervisor = environment.get(PartLaunch.SUPERVISOR_PID_VARIABLE);
    if (supervisor != null) {
      Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
    }
    var running = new AtomicReference<AutoCloseable>();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> close(part, running.get()), "part-shutdown"));
    int actualPort =
        switch (part) {
          case KAFKA -> {
            var kafka =
                arguments.value("voters").isPresent()
                    ? EmbeddedKafka.start(data, clusterNode(arguments, port), partitions)
                    : EmbeddedKafka.start(data, port, partitions);
            running.set(kafka);
            yield kafka.port();
          }
          case MONGO -> {
            // A store that can no longer write (disk full, I/O error) would keep the port open and
            // fail every command: the part exits instead, and the supervisor restarts it on the
            // file as it was last written whole.
            var mongo = EmbeddedMongo.onDisk(data, port, () -> Runtime.getRuntime().halt(70));
            running.set(mongo);
            yield mongo.port();
          }
          case SMTP -> {
            var smtp = EmbeddedSmtp.start(port);
            running.set(smtp);
            // Nobody reads the part's mail; kept, it would fill the heap under load.
            smtp.forgetEvery(MAIL_KEPT);
            yield smtp.port();
          }
          case PROMETHEUS -> {
            var binary =
                LocalPrometheus.binary(environment)
                    .orElseThrow(() ->
                        new IllegalArgumentException(
                            "No prometheus on the PATH: sudo apt-get install prometheus"));
            var config =
                arguments
                    .value("config")
                    .map(Path::of)
                    .orElse(repoRoot.resolve(LocalPrometheus.CONFIG));
            var bind = arguments.value("bind").orElse(DevstackOptions.LOOPBACK);
            running.set(
                LocalPrometheus.start(binary, config, data, repoRoot.resolve("docs"), bind, port));
            yield port;
          }
        };
    log.info("{} ready on localhost:{}", part.partName(), actualPort);

    // Until SIGTERM ends the JVM through the shutdown hook, or the supervisor is gone.
    var supervisorGone =
        supervisor == null
            ? new CompletableFuture<>()
            : ProcessHandle.of(Long.parseLong(supervisor))
                .<CompletableFuture<?>>map(ProcessHandle::onExit)
                .orElse(CompletableFuture.completedFuture(null));
    supervisorGone.join();
    log.info("The supervisor (pid {}) is gone", supervisor);
    System.exit(0);
    return 0;
  }

  /** {@code --node 2 --voters 1@localhost:9095,... --cluster-id ID}: a node of a cluster. */
  private static KafkaNode clusterNode(Arguments arguments, int port) {
    var voters = KafkaNode.parseVoters(arguments.value("voters").orElseThrow());
    var clusterId =
        arguments
            .value("cluster-id")
            .orElseThrow(() ->
                new IllegalArgumentException("A node of a cluster (--voters) needs --cluster-id"));
    return new KafkaNode(arguments.intValue("node", 1), port, voters, clusterId);
  }

  private static void close(Infrastructure part, AutoCloseable server) {
    if (server == null) {
      return;
    }
    log.info("{} stopping", part.partName());
    try {
      server.close();
      log.info("{} stopped", part.partName());
    } catch (Exception e) {
      log.error("{} did not stop cleanly", part.partName(), e);
    }
  }
}
