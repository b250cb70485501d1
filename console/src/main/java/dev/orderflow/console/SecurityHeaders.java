package dev.orderflow.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The headers of every answer of this origin, the page's and the services' alike: scripts, styles,
 * images and connections from this origin only (the page's libraries are WebJars served here, the
 * services are reached through here), never framed, no content sniffing, no referrer sent away (a
 * link to Jaeger would otherwise carry the console's address and path).
 *
 * <p>Set before the request is handled, so that they are on every answer, errors included. A
 * service's own copies of them (Spring Security sets {@code X-Content-Type-Options} and {@code
 * X-Frame-Options}) are dropped from what it answers, so each header comes once.
 */
@Component
class SecurityHeaders extends OncePerRequestFilter {

  static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
              + " frame-ancestors 'none'",
          "X-Content-Type-Options",
          "nosniff",
          "X-Frame-Options",
          "DENY",
          "Referrer-Policy",
          "no-referrer");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HEADERS.forEach(response::setHeader);
    chain.doFilter(request, response);
  }

  /** A route's after-filter: the service's copies of these headers give way to the console's. */
  static ServerResponse replaceUpstreamCopies(ServerRequest request, ServerResponse response) {
    var headers = response.headers();
    // Only where there is a copy: the console's own answers (a 503 for a service) are read-only.
    HEADERS.keySet().stream().filter(headers::containsHeader).forEach(headers::remove);
    return response;
  }
}
