package dev.orderflow.devstack;

import dev.orderflow.devstack.demo.DemoTraffic;
import dev.orderflow.devstack.verify.Ledger;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./devstack traffic [--rate 1.5] [--follow PID] [--orders URL] [--inventory URL] [--ledger
 * FILE]}: demo orders ({@link DemoTraffic}) against the running stack at a given rate, in the
 * foreground until Ctrl-C or SIGTERM, or until the process {@code --follow} names is gone. {@code
 * ./devstack drill start} runs it detached, following the supervisor, for the drill's traffic.
 * Orders answered 202 go into {@code .devstack/data/ledger/traffic.txt}, which {@code ./devstack
 * verify} reads.
 */
final class TrafficCommand {

  static final Set<String> OPTIONS = Set.of("rate", "follow", "orders", "inventory", "ledger");

  /** The ledger of this command's orders, beside the demo's. */
  static final String LEDGER = "traffic.txt";

  private static final Logger log = LoggerFactory.getLogger(TrafficCommand.class);

  private TrafficCommand() {}

  static int run(Arguments arguments, Path repoRoot, Map<String, String> environment) {
    if (!arguments.positionals().isEmpty()) {
      throw new IllegalArgumentException("Unexpected argument " + arguments.positionals());
    }
    var options =
        DevstackOptions.defaults(repoRoot).withEnvironment(environment).withRunningTopology();
    double rate = rate(arguments.value("rate").orElse(Double.toString(DemoTraffic.DEMO_RATE)));
    var follow = arguments.value("follow").map(TrafficCommand::pid);
    if (arguments.value("orders").isEmpty() && !options.services().contains(Service.ORDER)) {
      throw new DevstackException("traffic needs order-service, which this stack does not run");
    }
    var orders = arguments.value("orders").map(URI::create).orElse(url(options, Service.ORDER));
    var inventory =
        arguments
            .value("inventory")
            .map(URI::create)
            .orElse(
                options.services().contains(Service.INVENTORY)
                    ? url(options, Service.INVENTORY)
                    : null);
    var ledger =
        arguments.value("ledger").map(Path::of).orElse(RunCommand.ledgers(options).resolve(LEDGER));
    var demo = DemoTraffic.start(orders, inventory, Ledger.appendingTo(ledger), rate);
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "devstack-traffic-shutdown"));
    log.info("traffic: ~{} orders/s to {}", rate, orders);
    follow
        .<CompletableFuture<?>>map(pid ->
            ProcessHandle.of(pid)
                .<CompletableFuture<?>>map(ProcessHandle::onExit)
                .orElse(CompletableFuture.completedFuture(null)))
        .orElse(new CompletableFuture<>())
        .join();
    log.info("traffic: pid {} is gone; stopping", follow.orElse(0L));
    demo.close();
    return 0;
  }

  /**
   * {@code 2}, {@code 0.5}: orders per second.
   *
   * @throws IllegalArgumentException for anything not above 0 or above {@link DemoTraffic#MAX_RATE}
   */
  static double rate(String value) {
    double rate;
    try {
      rate = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--rate must be orders per second, was '" + value + "'");
    }
    if (!(rate > 0) || rate > DemoTraffic.MAX_RATE) {
      throw new IllegalArgumentException(
          "--rate must be above 0 and at most %s orders/s, was %s"
              .formatted(DemoTraffic.MAX_RATE, value));
    }
    return rate;
  }

  private static long pid(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--follow must be a pid, was '" + value + "'");
    }
  }

  private static URI url(DevstackOptions options, Service service) {
    return URI.create("http://localhost:" + options.port(Instance.first(service)));
  }
}
