package dev.orderflow.platform.web;

import dev.orderflow.platform.tracing.EventLogContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Puts what a request is about into the logging context, as {@link EventLogContext} does for
 * records: every variable of the matched route under its own name ({@code /api/orders/{orderId}}
 * gives {@code orderId}, {@code /api/stock/{sku}} gives {@code sku}), and each query parameter the
 * service names in {@code orderflow.web.log-context-parameters} ({@code ?orderId=}). A request's
 * log lines and those of the records it led to then carry the same field. Knows no route of its
 * own: the routes are the services'.
 */
public final class RouteLogContext implements HandlerInterceptor {

  private static final String ADDED = RouteLogContext.class.getName() + ".added";

  private final List<String> parameters;

  public RouteLogContext(List<String> parameters) {
    this.parameters = List.copyOf(parameters);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    var added = new ArrayList<String>();
    if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
        instanceof Map<?, ?> variables) {
      variables.forEach((name, value) -> put(added, String.valueOf(name), String.valueOf(value)));
    }
    for (var parameter : parameters) {
      put(added, parameter, request.getParameter(parameter));
    }
    request.setAttribute(ADDED, added);
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request,
      HttpServletResponse response,
      Object handler,
      @Nullable Exception ex) {
    if (request.getAttribute(ADDED) instanceof List<?> added) {
      added.forEach(key -> MDC.remove(String.valueOf(key)));
    }
  }

  private static void put(List<String> added, String key, @Nullable String value) {
    if (value != null && !value.isBlank() && MDC.get(key) == null) {
      MDC.put(key, value);
      added.add(key);
    }
  }
}
