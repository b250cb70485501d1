package dev.orderflow.console;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.removeRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.stripPrefix;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /services/<name>/api/**} and {@code /services/<name>/actuator/health/**} to the service of
 * that name, {@code /services/<name>} stripped: every method, body and header goes on but {@code
 * Cookie}, the answer comes back as the service gave it but {@code Set-Cookie}. A response of a
 * streaming type ({@code text/event-stream} among them) is written and flushed as each read from
 * the service returns, which is the gateway's own {@code streaming-media-types} setting at its
 * default: each event reaches the browser when the service sends it (ConsoleTest proves it).
 *
 * <p>A service may have several instances: a call goes to one of them, the next one only when it
 * could not be connected to ({@link Instances}). A service none of whose instances can be reached
 * (refused, unknown host, not connected within 2 s), or whose instance went away before it
 * answered, is a {@code 503} problem naming it, in JSON whatever the request accepted: an {@code
 * EventSource} asks for {@code text/event-stream} and would otherwise get a 406 about the error
 * instead of the error.
 *
 * <p>Only what the page calls passes: the services' APIs and their health. Their other endpoints
 * (Prometheus, info, the other actuator endpoints) are not the page's to reach through an origin a
 * browser holds open; under {@code /services/<name>/} they are not found like any other path of the
 * console (Spring's 404 problem), and so is a path with a {@code .} or {@code ..} segment, which
 * the service would resolve to one of them ({@code /api/../actuator/prometheus}). The page sets no
 * cookie and reads none; a browser sends the console every cookie of its host, other local apps'
 * included, and they are not the services' to see, nor is a service's cookie the browser's to keep.
 */
@Configuration(proxyBeanMethods = false)
class ServiceRoutes {

  static final String PREFIX = "/services/";

  static final URI SERVICE_UNAVAILABLE = URI.create("urn:orderflow:problem:service-unavailable");

  @Bean
  RouterFunction<ServerResponse> servicesRouterFunction(
      ConsoleProperties properties, JsonMapper json) {
    return properties.services().byRoute().entrySet().stream()
        .map(entry -> serviceRoute(entry.getKey(), entry.getValue(), json))
        .reduce(RouterFunction::and)
        .orElseThrow();
  }

  private static RouterFunction<ServerResponse> serviceRoute(
      String name, ConsoleProperties.Upstream upstream, JsonMapper json) {
    return route(upstream.serviceName())
        .route(pagePaths(name), new Instances(upstream.instances(), http()))
        .before(stripPrefix(2))
        .before(removeRequestHeader(HttpHeaders.COOKIE))
        .after(SecurityHeaders::replaceUpstreamCopies)
        .after(ServiceRoutes::withoutCookies)
        .onError(
            ResourceAccessException.class,
            (error, request) -> notAnswering(upstream, request, json))
        .build();
  }

  /** The paths of {@code name} the page calls, without a {@code .} or {@code ..} segment. */
  private static RequestPredicate pagePaths(String name) {
    return path(PREFIX + name + "/api/**")
        .or(path(PREFIX + name + "/actuator/health/**"))
        .and(ServiceRoutes::withoutDotSegments);
  }

  /** Decoded and without its parameters ({@code %2e%2e}, {@code ..;x} too). */
  private static boolean withoutDotSegments(ServerRequest request) {
    return request.requestPath().pathWithinApplication().elements().stream()
        .filter(PathContainer.PathSegment.class::isInstance)
        .map(segment -> ((PathContainer.PathSegment) segment).valueToMatch())
        .noneMatch(segment -> segment.equals(".") || segment.equals(".."));
  }

  /** An after-filter: a service's cookie does not reach the browser. */
  private static ServerResponse withoutCookies(ServerRequest request, ServerResponse response) {
    // Only where there is one: the console's own answers (a 503 for a service) are read-only.
    if (response.headers().containsHeader(HttpHeaders.SET_COOKIE)) {
      response.headers().remove(HttpHeaders.SET_COOKIE);
    }
    return response;
  }

  private static ServerResponse notAnswering(
      ConsoleProperties.Upstream upstream, ServerRequest request, JsonMapper json) {
    // RFC 9457 members written out here rather than a ProblemDetail through the JSON mapper: the
    // answer must not depend on which mixins the mapper happens to have.
    var problem = new LinkedHashMap<String, Object>();
    problem.put("type", SERVICE_UNAVAILABLE.toString());
    problem.put("title", upstream.serviceName() + " is not answering");
    problem.put("status", HttpStatus.SERVICE_UNAVAILABLE.value());
    problem.put(
        "detail",
        "The console could not reach %s at %s: it may be starting, restarting or stopped."
            .formatted(
                upstream.serviceName(),
                upstream.instances().stream()
                    .map(URI::toString)
                    .collect(Collectors.joining(", "))));
    problem.put("instance", request.requestPath().value());
    problem.put("service", upstream.serviceName());
    byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
    return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
        .build((servletRequest, servletResponse) -> {
          servletResponse.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
          servletResponse.setContentLength(body.length);
          servletResponse.getOutputStream().write(body);
          return null;
        });
  }
}
