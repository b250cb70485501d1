package dev.orderflow.platform.web;

import dev.orderflow.platform.tracing.EventLogContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Puts what a request is about into the logging context, as {@link EventLogContext} does for
 * records: each name the service lists in {@code orderflow.web.log-context} ({@code orderId},
 * {@code sku}), taken from the matched route's variable of that name ({@code
 * /api/orders/{orderId}}) or else from the query parameter ({@code ?orderId=}). A request's log
 * lines and those of the records it led to then carry the same field. The names are the services':
 * the platform knows no route.
 *
 * <p>The fields leave the thread when the request is done, and when an asynchronous one (a live
 * stream) lets its thread go: the thread serves other requests meanwhile.
 */
public final class RouteLogContext implements AsyncHandlerInterceptor {

  private static final String ADDED = RouteLogContext.class.getName() + ".added";

  private final List<String> names;

  public RouteLogContext(List<String> names) {
    this.names = List.copyOf(names);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    var variables =
        request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> m
            ? m
            : Map.of();
    var added = new ArrayList<String>();
    for (var name : names) {
      var value = variables.get(name);
      var text = value != null ? String.valueOf(value) : request.getParameter(name);
      if (text != null && !text.isBlank()) {
        MDC.put(name, text);
        added.add(name);
      }
    }
    request.setAttribute(ADDED, added);
    return true;
  }

  @Override
  public void afterConcurrentHandlingStarted(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    clear(request);
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request,
      HttpServletResponse response,
      Object handler,
      @Nullable Exception ex) {
    clear(request);
  }

  private static void clear(HttpServletRequest request) {
    if (request.getAttribute(ADDED) instanceof List<?> added) {
      added.forEach(key -> MDC.remove(String.valueOf(key)));
      request.removeAttribute(ADDED);
    }
  }
}
