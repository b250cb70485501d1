package dev.orderflow.loadgen;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where the system under load answers (devstack's ports by default). */
public final class Target {

  @Option(names = "--orders", description = "order-service (default ${DEFAULT-VALUE}).")
  URI orders = URI.create("http://localhost:8081");

  @Option(
      names = "--inventory",
      description = "inventory-service, to stock the skus (default ${DEFAULT-VALUE}).")
  URI inventory = URI.create("http://localhost:8082");

  @Option(
      names = "--projection",
      description =
          "projection-service, whose live stream shows the confirmations (default ${DEFAULT-VALUE}).")
  URI projection = URI.create("http://localhost:8084");

  static Target of(URI orders, URI inventory, URI projection) {
    var target = new Target();
    target.orders = orders;
    target.inventory = inventory;
    target.projection = projection;
    return target;
  }
}
