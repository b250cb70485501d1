package dev.orderflow.loadgen;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the system under load answers (devstack's ports by default). */
public final class Target {

  @Option(
      names = "--orders",
      split = ",",
      description = {
        "order-service, or each of its instances (repeated or comma-separated): orders are spread",
        "over them round-robin (default ${DEFAULT-VALUE})."
      })
  List<URI> orders = new ArrayList<>(List.of(URI.create("http://localhost:8081")));

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
    return of(List.of(orders), inventory, projection);
  }

  /**
   * @param orders every instance of order-service; the live stream stays on {@code projection},
   *     which carries every instance's changes
   */
  static Target of(List<URI> orders, URI inventory, URI projection) {
    if (orders.isEmpty()) {
      throw new IllegalArgumentException("At least one order-service is needed");
    }
    var target = new Target();
    target.orders = new ArrayList<>(orders);
    target.inventory = inventory;
    target.projection = projection;
    return target;
  }
}
