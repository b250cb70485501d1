package dev.orderflow.console;

import java.net.URI;
import java.util.LinkedHashMap;
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
 * @param services the base address of each service (its first instance under {@code ./devstack})
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

  /** Each service's base address, {@code http://host:port} with no path. */
  public record Services(
      @DefaultValue("http://localhost:8081") URI order,
      @DefaultValue("http://localhost:8082") URI inventory,
      @DefaultValue("http://localhost:8083") URI notification,
      @DefaultValue("http://localhost:8084") URI projection) {

    public Services {
      requireHttp("orderflow.console.services.order", order, false);
      requireHttp("orderflow.console.services.inventory", inventory, false);
      requireHttp("orderflow.console.services.notification", notification, false);
      requireHttp("orderflow.console.services.projection", projection, false);
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

  /** A service as the console names it in problems, and where it listens. */
  public record Upstream(String serviceName, URI baseUrl) {}

  private static void requireHttp(String property, URI uri, boolean pathAllowed) {
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
