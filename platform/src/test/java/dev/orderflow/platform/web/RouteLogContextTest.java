package dev.orderflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

class RouteLogContextTest {

  private final RouteLogContext context = new RouteLogContext(List.of("orderId", "sku"));
  private final MockHttpServletResponse response = new MockHttpServletResponse();
  private final Object handler = new Object();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void a_named_route_variable_is_in_the_logging_context_while_the_request_is_handled() {
    var request = route("/api/stock/sku-1", Map.of("sku", "sku-1", "other", "x"));

    context.preHandle(request, response, handler);
    var during = new HashMap<>(MDC.getCopyOfContextMap());
    context.afterCompletion(request, response, handler, null);

    assertThat(during).containsExactly(Map.entry("sku", "sku-1"));
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void a_named_query_parameter_is_too_and_no_other_parameter_is() {
    var request = new MockHttpServletRequest("GET", "/api/notifications");
    request.setParameter("orderId", "o-1");
    request.setParameter("customerId", "c-1");

    context.preHandle(request, response, handler);
    var during = new HashMap<>(MDC.getCopyOfContextMap());
    context.afterCompletion(request, response, handler, null);

    assertThat(during).containsExactly(Map.entry("orderId", "o-1"));
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void a_live_stream_hands_its_thread_back_without_its_fields_and_the_next_request_has_its_own() {
    var stream = new MockHttpServletRequest("GET", "/api/stream");
    stream.setParameter("orderId", "o-streamed");
    context.preHandle(stream, response, handler);
    context.afterConcurrentHandlingStarted(stream, response, handler);

    assertThat(MDC.get("orderId")).isNull();

    var next = route("/api/orders/o-next", Map.of("orderId", "o-next"));
    context.preHandle(next, response, handler);
    assertThat(MDC.get("orderId")).isEqualTo("o-next");
    context.afterCompletion(next, response, handler, null);
    assertThat(MDC.get("orderId")).isNull();
  }

  private static MockHttpServletRequest route(String path, Map<String, String> variables) {
    var request = new MockHttpServletRequest("GET", path);
    request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, variables);
    return request;
  }
}
