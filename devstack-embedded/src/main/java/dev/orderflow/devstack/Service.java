package dev.orderflow.devstack;

import java.util.List;

/**
 * The four Spring Boot services. The part name is also the Maven module, so the runnable jar is
 * {@code <name>/target/<name>-<version>-exec.jar}.
 */
public enum Service implements Application {
  ORDER("order-service", 8081, "orders", "/api/orders"),
  INVENTORY("inventory-service", 8082, "inventory", "/api/stock/{sku}"),
  NOTIFICATION("notification-service", 8083, "notifications", "/api/notifications?orderId={id}"),
  PROJECTION("projection-service", 8084, "projections", "/api/orders/{id}  /api/stream");

  private final String partName;
  private final int defaultPort;
  private final String database;
  private final String mainEndpoints;

  Service(String partName, int defaultPort, String database, String mainEndpoints) {
    this.partName = partName;
    this.defaultPort = defaultPort;
    this.database = database;
    this.mainEndpoints = mainEndpoints;
  }

  public static Service named(String name) {
    if (Part.named(name) instanceof Service service) {
      return service;
    }
    throw new IllegalArgumentException("'%s' is not a service".formatted(name));
  }

  @Override
  public String partName() {
    return partName;
  }

  @Override
  public int defaultPort() {
    return defaultPort;
  }

  /** {@code DEVSTACK_ORDER_PORT} and so on. */
  @Override
  public String portVariable() {
    return "DEVSTACK_" + name() + "_PORT";
  }

  /**
   * A small heap, and the C1 compiler only: on two cores, services compiling with C2 still spent
   * 30-40 % of their CPU on it in their second minute under load, and up to 250 MB more memory
   * each; their code, spread over frameworks with no hot loop of its own, runs nearly as fast
   * compiled by C1 (docs/engineering/benchmarks.md, item 11). Kafka and MongoDB keep C2, which
   * their hot loops need.
   */
  @Override
  public List<String> javaOptions() {
    return List.of("-Xms32m", "-Xmx256m", "-XX:TieredStopAtLevel=1");
  }

  /** The service's MongoDB database. */
  public String database() {
    return database;
  }

  /**
   * Its name in the console's routes: {@code /services/order/**}, {@code
   * orderflow.console.services.order}.
   */
  public String consoleRoute() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** What a user calls first, for the line the supervisor prints. */
  public String mainEndpoints() {
    return mainEndpoints;
  }
}
