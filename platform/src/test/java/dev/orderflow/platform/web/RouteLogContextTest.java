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

  private final RouteLogContext context = new RouteLogContext(List.of("orderId"));
  private final MockHttpServletResponse response = new MockHttpServletResponse();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void the_variables_of_the_matched_route_are_in_the_logging_context_while_it_is_handled() {
    var request = new MockHttpServletRequest("GET", "/api/stock/sku-1");
    request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("sku", "sku-1"));

    context.preHandle(request, response, new Object());
    var during = MDC.getCopyOfContextMap();
    context.afterCompletion(request, response, new Object(), null);

    assertThat(during).containsEntry("sku", "sku-1");
    assertThat(MDC.get("sku")).isNull();
  }

  @Test
  void a_named_query_parameter_is_too_and_nothing_else_is() {
    var request = new MockHttpServletRequest("GET", "/api/notifications");
    request.setParameter("orderId", "o-1");
    request.setParameter("customerId", "c-1");

    context.preHandle(request, response, new Object());
    var during = new HashMap<>(MDC.getCopyOfContextMap());
    context.afterCompletion(request, response, new Object(), null);

    assertThat(during).containsExactly(Map.entry("orderId", "o-1"));
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void what_a_record_put_there_first_is_left_alone() {
    MDC.put("orderId", "from-the-record");
    var request = new MockHttpServletRequest("GET", "/api/orders/o-2");
    request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("orderId", "o-2"));

    context.preHandle(request, response, new Object());
    context.afterCompletion(request, response, new Object(), null);

    assertThat(MDC.get("orderId")).isEqualTo("from-the-record");
  }
}
