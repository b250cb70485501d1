package dev.orderflow.devstack.verify;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a running orderflow answers: each service's base URL, MongoDB (the event store and the
 * outboxes are read there) and Kafka (lag and dead letters).
 *
 * @param mongo a connection string without a database: the services' databases are {@code orders},
 *     {@code inventory} and {@code notifications}
 * @param kafka bootstrap servers, {@code host:port}
 */
public record Target(
    URI orders, URI inventory, URI notifications, URI projection, String mongo, String kafka) {

  /** The services by name, in the saga's order. */
  public Map<String, URI> services() {
    var services = new LinkedHashMap<String, URI>();
    services.put("order-service", orders);
    services.put("inventory-service", inventory);
    services.put("notification-service", notifications);
    services.put("projection-service", projection);
    return services;
  }
}
