package dev.orderflow.order.adapter.web;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.events.Bounds;
import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderLine;
import dev.orderflow.order.application.IdempotencyKeyReusedException;
import dev.orderflow.order.application.OrderCommandHandler;
import dev.orderflow.order.application.PlacedOrder;
import dev.orderflow.order.application.PlacementsOverloadedException;
import dev.orderflow.order.domain.IllegalTransitionException;
import dev.orderflow.order.domain.InvalidOrderException;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.OrderAlreadyExistsException;
import dev.orderflow.order.domain.OrderDetails;
import dev.orderflow.order.domain.OrderNotFoundException;
import dev.orderflow.order.domain.OrderStatus;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.ContentionException;
import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.RateLimitedException;
import dev.orderflow.platform.web.RequestProblems;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The HTTP contract of the order API in a web slice: every status and problem type it answers, with
 * the command handler and the limits as stubs; no broker, no database. The admin API's security is
 * the platform's and tested there, so the slice leaves the filters out.
 */
@WebMvcTest(OrderController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(RequestProblems.class)
class OrderControllerTest {

  static final String ORDER_ID = "7f3c2b8e-0d0e-4a51-9a65-0c6f3a2d1e10";
  static final Instant AT = Instant.parse("2026-01-01T10:00:00Z");
  static final List<OrderLine> LINES = List.of(new OrderLine("SKU-1", 2, new BigDecimal("9.99")));
  static final String ORDER =
      """
      {"customerId":"c-1","lines":[{"sku":"SKU-1","quantity":2,"unitPrice":9.99}]}
      """;

  @Autowired MockMvc http;
  @MockitoBean OrderCommandHandler orders;
  @MockitoBean ClientLimits limits;
  @MockitoBean PlaceOrderRateLimit admission;

  @Test
  void placing_an_order_answers_202_pending_with_its_location() throws Exception {
    given(orders.place("c-1", LINES, Optional.empty()))
        .willReturn(new PlacedOrder(ORDER_ID, OrderStatus.PENDING, false));

    http.perform(placing(ORDER))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "/api/orders/" + ORDER_ID))
        .andExpect(header().doesNotExist("Idempotent-Replayed"))
        .andExpect(
            content().json("{\"orderId\":\"%s\",\"status\":\"PENDING\"}".formatted(ORDER_ID)))
        .andExpect(jsonPath("$.version").doesNotExist());
  }

  @Test
  void the_same_idempotency_key_again_answers_with_the_first_order_marked_replayed()
      throws Exception {
    given(orders.place("c-1", LINES, Optional.of("key-1")))
        .willReturn(new PlacedOrder(ORDER_ID, OrderStatus.CONFIRMED, true));

    http.perform(placing(ORDER).header("Idempotency-Key", "key-1"))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Idempotent-Replayed", "true"))
        .andExpect(jsonPath("$.status").value("CONFIRMED"));
  }

  @Test
  void an_idempotency_key_reused_for_another_order_is_422() throws Exception {
    given(orders.place(anyString(), anyList(), eq(Optional.of("key-1"))))
        .willThrow(new IdempotencyKeyReusedException("key-1"));

    http.perform(placing(ORDER).header("Idempotency-Key", "key-1"))
        .andExpect(status().isUnprocessableContent())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:idempotency-key-reused"));
  }

  @Test
  void a_placement_beyond_what_the_group_commit_lets_wait_is_429_with_retry_after()
      throws Exception {
    given(orders.place("c-1", LINES, Optional.empty()))
        .willThrow(new PlacementsOverloadedException(1024));

    http.perform(placing(ORDER))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:rate-limited"));
  }

  @Test
  void an_idempotency_key_longer_than_255_characters_is_400() throws Exception {
    http.perform(placing(ORDER).header("Idempotency-Key", "k".repeat(256)))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"));
    verifyNoInteractions(orders);
  }

  @Test
  void an_invalid_order_is_400_naming_each_invalid_field_and_costs_no_limit() throws Exception {
    http.perform(
            placing(
                """
                {"customerId":"","lines":[{"sku":"SKU-1","quantity":0,"unitPrice":-1}]}
                """))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"))
        .andExpect(
            jsonPath("$.errors[*].field")
                .value(hasItems("customerId", "lines[0].quantity", "lines[0].unitPrice")));
    verifyNoInteractions(orders, limits, admission);
  }

  @Test
  void identifiers_outside_the_events_shape_are_400_with_its_rule() throws Exception {
    http.perform(
            placing(
                """
                {"customerId":"c 1","lines":[{"sku":"-SKU","quantity":1,"unitPrice":1},
                  {"sku":"%s","quantity":1,"unitPrice":1},{"sku":"SKU.1_a-b","quantity":1,"unitPrice":1}]}
                """
                    .formatted("s".repeat(65))))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"))
        .andExpect(
            jsonPath("$.errors[*].field")
                .value(containsInAnyOrder("customerId", "lines[0].sku", "lines[1].sku")))
        .andExpect(jsonPath("$.errors[*].message").value(everyItem(is(Bounds.IDENTIFIER_MESSAGE))));
    http.perform(get("/api/orders/{id}", "o%1"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"));
    verifyNoInteractions(orders);
  }

  @Test
  void an_order_without_lines_is_400() throws Exception {
    http.perform(placing("{\"customerId\":\"c-1\",\"lines\":[]}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"));
  }

  @ParameterizedTest(name = "quantity {0}")
  @ValueSource(strings = {"2.5", "\"2\"", "2e0", "true", "9999999999"})
  void a_quantity_that_is_not_a_whole_number_in_range_is_refused_not_coerced(String quantity)
      throws Exception {
    http.perform(
            placing(
                "{\"customerId\":\"c-1\",\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":%s,\"unitPrice\":1}]}"
                    .formatted(quantity)))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    verifyNoInteractions(orders);
  }

  @Test
  void a_body_that_is_not_json_is_400_malformed_request() throws Exception {
    http.perform(placing("{\"customerId\": "))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:malformed-request"));
  }

  @Test
  void an_order_that_is_not_json_is_415() throws Exception {
    http.perform(post("/api/orders").contentType(MediaType.TEXT_PLAIN).content("SKU-1 x 2"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:unsupported-media-type"));
    verifyNoInteractions(orders);
  }

  @Test
  void a_method_the_api_does_not_offer_is_405() throws Exception {
    http.perform(delete("/api/orders/{id}", ORDER_ID))
        .andExpect(status().isMethodNotAllowed())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:method-not-allowed"));
  }

  @Test
  void an_order_the_domain_refuses_is_422_invalid_order() throws Exception {
    given(orders.place(anyString(), anyList(), any()))
        .willThrow(new InvalidOrderException("an order needs at least one line"));

    http.perform(placing(ORDER))
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-order"));
  }

  @Test
  void an_order_id_already_taken_is_409_order_exists() throws Exception {
    given(orders.place(anyString(), anyList(), any()))
        .willThrow(new OrderAlreadyExistsException(ORDER_ID));

    http.perform(placing(ORDER))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:order-exists"));
  }

  @Test
  void an_order_beyond_the_services_rate_is_429_with_retry_after() throws Exception {
    willThrow(
            new RateLimitedException(
                "The service admits 1 order per 1000 ms", Duration.ofSeconds(2)))
        .given(admission)
        .admit();

    http.perform(placing(ORDER))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "2"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:rate-limited"));
    verifyNoInteractions(orders);
  }

  @Test
  void an_order_that_keeps_changing_under_the_command_is_409_order_busy() throws Exception {
    given(orders.place(anyString(), anyList(), any()))
        .willThrow(new ContentionException(Contended.of("order", ORDER_ID), 100));

    http.perform(placing(ORDER).header("Idempotency-Key", "key-1"))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:order-busy"));
  }

  @Test
  void reading_an_order_shows_its_status_and_version() throws Exception {
    given(orders.get(ORDER_ID)).willReturn(new Order.Confirmed(details(), 2));

    http.perform(get("/api/orders/{id}", ORDER_ID))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .json(
                    "{\"orderId\":\"%s\",\"status\":\"CONFIRMED\",\"version\":2}"
                        .formatted(ORDER_ID)));
  }

  @Test
  void an_unknown_order_is_404_order_not_found() throws Exception {
    given(orders.get(ORDER_ID)).willThrow(new OrderNotFoundException(ORDER_ID));

    http.perform(get("/api/orders/{id}", ORDER_ID))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:order-not-found"));
  }

  @Test
  void an_order_id_that_cannot_exist_is_400() throws Exception {
    http.perform(get("/api/orders/{id}", "not an id!"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"));
    verifyNoInteractions(orders);
  }

  @Test
  void cancelling_answers_202_cancelled() throws Exception {
    given(orders.cancel(ORDER_ID))
        .willReturn(new Order.Cancelled(details(), 2, CancellationReason.CUSTOMER_REQUEST));

    http.perform(post("/api/orders/{id}/cancel", ORDER_ID))
        .andExpect(status().isAccepted())
        .andExpect(
            content()
                .json(
                    "{\"orderId\":\"%s\",\"status\":\"CANCELLED\",\"version\":2}"
                        .formatted(ORDER_ID)));
  }

  @Test
  void cancelling_an_order_its_status_forbids_is_409_naming_the_status() throws Exception {
    given(orders.cancel(ORDER_ID))
        .willThrow(new IllegalTransitionException(ORDER_ID, OrderStatus.REJECTED, "cancel"));

    http.perform(post("/api/orders/{id}/cancel", ORDER_ID))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:illegal-transition"))
        .andExpect(jsonPath("$.orderStatus").value("REJECTED"));
  }

  @Test
  void cancelling_an_unknown_order_is_404() throws Exception {
    given(orders.cancel(ORDER_ID)).willThrow(new OrderNotFoundException(ORDER_ID));

    http.perform(post("/api/orders/{id}/cancel", ORDER_ID))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:order-not-found"));
  }

  @Test
  void cancelling_an_order_that_keeps_changing_is_409_order_busy() throws Exception {
    given(orders.cancel(ORDER_ID))
        .willThrow(new ContentionException(Contended.of("order", ORDER_ID), 100));

    http.perform(post("/api/orders/{id}/cancel", ORDER_ID))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:order-busy"));
  }

  private static MockHttpServletRequestBuilder placing(String body) {
    return post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(body);
  }

  private static OrderDetails details() {
    return new OrderDetails(ORDER_ID, "c-1", LINES, new BigDecimal("19.98"), AT);
  }
}
