package dev.orderflow.console;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the console finds the services and Jaeger ({@code orderflow.console.*}). Checked when
 * bound: an address the proxy could not call (no scheme, a path, a query) stops the start with the
 * property's name, rather than turning every call of the page into a 503.
 *
 * @param services the base addresses of each service's instances
 * @param jaegerUrl Jaeger's UI as the browser reaches it, for links to an order's trace; none by
 *     default (compose sets {@code http://localhost:16686})
 */
@ConfigurationProperties("orderflow.console")
public record ConsoleProperties(@DefaultValue Services services, @Nullable URI jaegerUrl) {

  public ConsoleProperties {
    if (jaegerUrl != null) {
      requireHttp("orderflow.console.jaeger-url", jaegerUrl, true);
    }
  }

  /**
   * Each service's instances, a base address {@code http://host:port} with no path each: one, or
   * several separated by commas ({@code http://localhost:8081,http://localhost:8181}), the first
   * preferred.
   */
  public record Services(
      @DefaultValue("http://localhost:8081") List<URI> order,
      @DefaultValue("http://localhost:8082") List<URI> inventory,
      @DefaultValue("http://localhost:8083") List<URI> notification,
      @DefaultValue("http://localhost:8084") List<URI> projection) {

    public Services {
      order = requireInstances("orderflow.console.services.order", order);
      inventory = requireInstances("orderflow.console.services.inventory", inventory);
      notification = requireInstances("orderflow.console.services.notification", notification);
      projection = requireInstances("orderflow.console.services.projection", projection);
    }

    /** Every upstream by its route name ({@code /services/<name>/**}), in a stable order. */
    public Map<String, Upstream> byRoute() {
      var upstreams = new LinkedHashMap<String, Upstream>();
      upstreams.put("order", new Upstream("order-service", order));
      upstreams.put("inventory", new Upstream("inventory-service", inventory));
      upstreams.put("notification", new Upstream("notification-service", notification));
      upstreams.put("projection", new Upstream("projection-service", projection));
      return upstreams;
    }
  }

  /** A service as the console names it in problems, and where its instances listen. */
  public record Upstream(String serviceName, List<URI> instances) {

    public Upstream {
      instances = List.copyOf(instances);
    }
  }

  private static List<URI> requireInstances(String property, @Nullable List<URI> instances) {
    if (instances == null || instances.isEmpty()) {
      throw new IllegalArgumentException(
          "%s must name at least one http(s) address, such as http://localhost:8081"
              .formatted(property));
    }
    instances.forEach(instance -> requireHttp(property, instance, false));
    return List.copyOf(instances);
  }

  private static void requireHttp(String property, @Nullable URI uri, boolean pathAllowed) {
    if (uri == null) {
      throw new IllegalArgumentException(
          "%s must be an http(s) address, such as http://localhost:8081; one was empty"
              .formatted(property));
    }
    var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean http = scheme.equals("http") || scheme.equals("https");
    boolean bare =
        pathAllowed
            || uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/");
    if (!http || uri.getHost() == null || !bare || uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "%s must be an http(s) address%s, such as http://localhost:8081; was '%s'"
              .formatted(property, pathAllowed ? "" : " without a path", uri));
    }
  }
}
