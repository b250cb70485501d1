package dev.orderflow.console;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A call to one of a service's instances: the one that answered last, and when it cannot be
 * connected to, the next in the configured order, until one takes the connection. An instance that
 * took it has the call, whatever becomes of it: a failure after that (the service hangs up, a
 * stream is cut) is the caller's, never sent again elsewhere, so a {@code POST} reaches at most one
 * service.
 *
 * <p>Written here rather than taken from Spring Cloud LoadBalancer ({@code lb()} with a {@code
 * SimpleDiscoveryClient}) and the gateway's retry filter: that retry decides by exception type,
 * status and method (by default a {@code GET} after any {@code IOException} or a 5xx answer, a
 * {@code POST} never), not by whether the request left the console; it replays a body only from a
 * copy cached in memory; and it brings a module and its configuration for what is one loop. The
 * gateway's own proxy makes each call, so streams pass as before.
 *
 * <p>Not connected means nothing was sent: the connection was refused, not made within the connect
 * timeout, or the host is unknown. The JDK's client sends the body only once connected, so the next
 * instance gets it whole (ConsoleTest sends a {@code POST} with a body past a stopped instance).
 */
final class Instances implements HandlerFunction<ServerResponse> {

  private final List<URI> addresses;
  private final HandlerFunction<ServerResponse> proxy;

  /** The instance that answered last, tried first. */
  private final AtomicInteger preferred = new AtomicInteger();

  Instances(List<URI> addresses, HandlerFunction<ServerResponse> proxy) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("A service needs at least one instance");
    }
    this.addresses = List.copyOf(addresses);
    this.proxy = proxy;
  }

  /**
   * The first instance's answer that takes the connection.
   *
   * @throws ResourceAccessException the last instance's failure when none could be connected to, or
   *     the failure of the one that had the call
   */
  @Override
  public ServerResponse handle(ServerRequest request) throws Exception {
    int first = preferred.get();
    ResourceAccessException notConnected = null;
    for (int attempt = 0; attempt < addresses.size(); attempt++) {
      int instance = (first + attempt) % addresses.size();
      MvcUtils.setRequestUrl(request, addresses.get(instance));
      try {
        var response = proxy.handle(request);
        preferred.set(instance);
        return response;
      } catch (ResourceAccessException failure) {
        if (!nothingSent(failure)) {
          throw failure;
        }
        if (notConnected != null) {
          failure.addSuppressed(notConnected);
        }
        notConnected = failure;
      }
    }
    throw notConnected;
  }

  /** Whether {@code failure} came before the connection was made, so that nothing was sent. */
  static boolean nothingSent(@Nullable Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof HttpConnectTimeoutException
          || cause instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }
}
