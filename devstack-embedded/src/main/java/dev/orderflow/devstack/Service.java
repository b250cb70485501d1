package dev.orderflow.devstack;

import java.util.List;

/**
 * The four Spring Boot services. The part name is also the Maven module, so the runnable jar is
 * {@code <name>/target/<name>-<version>-exec.jar}.
 */
public enum Service implements Part {
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

  @Override
  public List<String> javaOptions() {
    return List.of("-Xms32m", "-Xmx256m");
  }

  /** The service's MongoDB database. */
  public String database() {
    return database;
  }

  /** What a user calls first, for the line the supervisor prints. */
  public String mainEndpoints() {
    return mainEndpoints;
  }
}
