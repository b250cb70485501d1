package dev.orderflow.platform.web;

import dev.orderflow.platform.tracing.EventLogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the order a request is about ({@code /api/orders/{id}...} or {@code ?orderId=}) into the
 * logging context as {@code orderId}, like {@link EventLogContext} does for records, so a request's
 * log lines and those of the records it led to carry the same field.
 */
public final class OrderIdLogContext extends OncePerRequestFilter {

  private static final Pattern ORDER_PATH = Pattern.compile("^/api/orders/([^/]+)");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var orderId = request.getParameter("orderId");
    var path = ORDER_PATH.matcher(request.getRequestURI());
    if (path.find()) {
      orderId = path.group(1);
    }
    if (orderId == null || orderId.isBlank()) {
      chain.doFilter(request, response);
      return;
    }
    try (var ignored = MDC.putCloseable(EventLogContext.ORDER_ID, orderId)) {
      chain.doFilter(request, response);
    }
  }
}
