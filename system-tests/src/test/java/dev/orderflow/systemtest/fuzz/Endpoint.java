package dev.orderflow.systemtest.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint of the system as a client sees it: where it is, how it is called when called right,
 * and what it does. The catalogue is every endpoint docs/api.md lists.
 *
 * @param service the service that answers it
 * @param method its method
 * @param path its path, with {@code {variables}}
 * @param parameters the query parameters it takes
 * @param kind what a request to it may do
 * @param body the body it takes, if any
 */
record Endpoint(
    String service, String method, String path, List<String> parameters, Kind kind, Body body) {

  enum Kind {
    /** Reads; changes nothing. */
    READ,
    /** Writes through the public API. */
    WRITE,
    /** The admin API: needs the admin's credentials. */
    ADMIN,
    /** The live stream: a response that does not end. */
    STREAM
  }

  enum Body {
    NONE,
    ORDER,
    STOCK,
    FAULT
  }

  static final String ORDER = "order-service";
  static final String INVENTORY = "inventory-service";
  static final String NOTIFICATION = "notification-service";
  static final String PROJECTION = "projection-service";
  static final List<String> SERVICES = List.of(ORDER, INVENTORY, NOTIFICATION, PROJECTION);

  static Endpoint read(String service, String path, String... parameters) {
    return new Endpoint(service, "GET", path, List.of(parameters), Kind.READ, Body.NONE);
  }

  static final List<Endpoint> ALL = catalogue();

  private static List<Endpoint> catalogue() {
    var all = new ArrayList<Endpoint>();
    all.add(new Endpoint(ORDER, "POST", "/api/orders", List.of(), Kind.WRITE, Body.ORDER));
    all.add(
        new Endpoint(
            ORDER, "POST", "/api/orders/{orderId}/cancel", List.of(), Kind.WRITE, Body.NONE));
    all.add(read(ORDER, "/api/orders/{orderId}"));
    all.add(new Endpoint(INVENTORY, "PUT", "/api/stock/{sku}", List.of(), Kind.WRITE, Body.STOCK));
    all.add(read(INVENTORY, "/api/stock/{sku}"));
    all.add(read(NOTIFICATION, "/api/notifications", "orderId"));
    all.add(read(PROJECTION, "/api/orders/{orderId}"));
    all.add(read(PROJECTION, "/api/customers/{customerId}/orders", "page", "size", "sort"));
    all.add(read(PROJECTION, "/api/stock", "page", "size", "sort"));
    all.add(read(PROJECTION, "/api/sales", "sku", "from", "to"));
    all.add(read(PROJECTION, "/v3/api-docs"));
    all.add(
        new Endpoint(
            PROJECTION,
            "GET",
            "/api/stream",
            List.of("customerId", "orderId"),
            Kind.STREAM,
            Body.NONE));
    all.add(
        new Endpoint(
            PROJECTION, "GET", "/api/admin/projections", List.of(), Kind.ADMIN, Body.NONE));
    all.add(
        new Endpoint(
            PROJECTION,
            "GET",
            "/api/admin/projections/{projection}",
            List.of(),
            Kind.ADMIN,
            Body.NONE));
    all.add(
        new Endpoint(
            PROJECTION,
            "POST",
            "/api/admin/projections/{projection}/rebuild",
            List.of(),
            Kind.ADMIN,
            Body.NONE));
    for (var service : SERVICES) {
      all.add(new Endpoint(service, "GET", "/api/admin/faults", List.of(), Kind.ADMIN, Body.NONE));
      all.add(
          new Endpoint(
              service, "PUT", "/api/admin/faults/{fault}", List.of(), Kind.ADMIN, Body.FAULT));
      all.add(
          new Endpoint(
              service, "DELETE", "/api/admin/faults/{fault}", List.of(), Kind.ADMIN, Body.NONE));
      all.add(
          new Endpoint(
              service, "GET", "/api/admin/dead-letters", List.of(), Kind.ADMIN, Body.NONE));
      all.add(
          new Endpoint(
              service,
              "POST",
              "/api/admin/dead-letters/{dltTopic}/{partition}/{offset}/redrive",
              List.of(),
              Kind.ADMIN,
              Body.NONE));
      all.add(
          new Endpoint(
              service,
              "POST",
              "/api/admin/dead-letters/redrive",
              List.of(),
              Kind.ADMIN,
              Body.NONE));
      all.add(read(service, "/actuator/health"));
      all.add(read(service, "/actuator/health/liveness"));
      all.add(read(service, "/actuator/health/readiness"));
      all.add(read(service, "/actuator/prometheus"));
      all.add(read(service, "/actuator/info"));
      all.add(read(service, "/{unknown}"));
    }
    return List.copyOf(all);
  }
}
