package dev.orderflow.projection.order;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.platform.web.RequestProblems;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.LiveReadModel;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.domain.OrderHistories;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The HTTP contract of {@code GET /api/orders/{id}} in a web slice: the controller over an order
 * projection on an in-memory store; no broker, no database.
 */
@WebMvcTest(OrderViewController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({RequestProblems.class, OrderViewControllerTest.Views.class})
class OrderViewControllerTest {

  @TestConfiguration
  static class Views {

    @Bean
    OrderProjection orders() {
      return new OrderProjection(
          new InMemoryOrderViewStore(),
          new OutcomeMetrics("order", Intake.LIVE, new SimpleMeterRegistry()),
          change -> {});
    }

    @Bean
    LiveReadModel<OrderProjection> liveOrders(OrderProjection orders) {
      return () -> orders;
    }
  }

  @Autowired MockMvc http;
  @Autowired OrderProjection orders;

  @Test
  void an_order_shows_its_status_lines_total_and_timeline_with_an_etag() throws Exception {
    var position = 0L;
    for (var event : OrderHistories.placedConfirmedCancelled("o-1")) {
      orders.apply(event, new RecordPosition("orders.events", 0, position++));
    }

    http.perform(get("/api/orders/o-1"))
        .andExpect(status().isOk())
        .andExpect(header().string(HttpHeaders.ETAG, org.hamcrest.Matchers.startsWith("\"3-")))
        .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-cache"))
        .andExpect(
            content()
                .json(
                    """
                    {"orderId":"o-1","customerId":"c-1","status":"CANCELLED",
                     "lines":[{"sku":"SKU-1","quantity":2,"unitPrice":9.99},
                              {"sku":"SKU-2","quantity":1,"unitPrice":0.02}],
                     "total":20.00,"version":3,
                     "placedAt":"2026-01-01T10:00:00Z","updatedAt":"2026-01-01T10:00:05Z",
                     "reason":null,"traceId":null,
                     "timeline":[{"type":"OrderPlaced","at":"2026-01-01T10:00:00Z"},
                                 {"type":"StockReserved","at":"2026-01-01T10:00:00.400Z"},
                                 {"type":"OrderConfirmed","at":"2026-01-01T10:00:01Z"},
                                 {"type":"NotificationSent","at":"2026-01-01T10:00:02Z"},
                                 {"type":"OrderCancelled","at":"2026-01-01T10:00:05Z"},
                                 {"type":"StockReleased","at":"2026-01-01T10:00:06Z"},
                                 {"type":"NotificationSent","at":"2026-01-01T10:00:07Z"}]}
                    """,
                    JsonCompareMode.STRICT));
  }

  @Test
  void a_rejected_order_shows_its_reason_and_the_trace_id_of_the_request_that_placed_it()
      throws Exception {
    orders.apply(
        new PositionedEvent(
            OrderHistories.placed("o-3"),
            new RecordPosition("orders.events", 0, 0),
            "4bf92f3577b34da6a3ce929d0e0e4736"));
    orders.apply(
        new OrderRejected(
            "o-3", 2, OrderHistories.T0.plusSeconds(1), RejectionReason.INSUFFICIENT_STOCK),
        new RecordPosition("orders.events", 0, 1));

    http.perform(get("/api/orders/o-3"))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .json(
                    """
                    {"orderId":"o-3","customerId":"c-1","status":"REJECTED",
                     "lines":[{"sku":"SKU-1","quantity":2,"unitPrice":9.99},
                              {"sku":"SKU-2","quantity":1,"unitPrice":0.02}],
                     "total":20.00,"version":2,
                     "placedAt":"2026-01-01T10:00:00Z","updatedAt":"2026-01-01T10:00:01Z",
                     "reason":"insufficient-stock",
                     "traceId":"4bf92f3577b34da6a3ce929d0e0e4736",
                     "timeline":[{"type":"OrderPlaced","at":"2026-01-01T10:00:00Z"},
                                 {"type":"OrderRejected","at":"2026-01-01T10:00:01Z"}]}
                    """,
                    JsonCompareMode.STRICT));
  }

  @Test
  void a_pending_order_shows_its_trace_id_and_no_reason() throws Exception {
    orders.apply(
        new PositionedEvent(
            OrderHistories.placed("o-4"),
            new RecordPosition("orders.events", 0, 0),
            "0af7651916cd43dd8448eb211c80319c"));

    http.perform(get("/api/orders/o-4"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("PENDING"))
        .andExpect(jsonPath("$.reason").value(org.hamcrest.Matchers.nullValue()))
        .andExpect(jsonPath("$.traceId").value("0af7651916cd43dd8448eb211c80319c"));
  }

  @Test
  void the_same_etag_again_is_304_until_the_order_changes() throws Exception {
    orders.apply(OrderHistories.placed("o-2"), new RecordPosition("orders.events", 0, 0));
    var etag =
        http.perform(get("/api/orders/o-2")).andReturn().getResponse().getHeader(HttpHeaders.ETAG);

    http.perform(get("/api/orders/o-2").header(HttpHeaders.IF_NONE_MATCH, etag))
        .andExpect(status().isNotModified());
    orders.apply(
        new dev.orderflow.events.OrderEvent.OrderConfirmed(
            "o-2", 2, OrderHistories.T0.plusSeconds(1)),
        new RecordPosition("orders.events", 0, 1));
    http.perform(get("/api/orders/o-2").header(HttpHeaders.IF_NONE_MATCH, etag))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("CONFIRMED"));
  }

  @Test
  void an_order_not_projected_yet_is_a_404_problem() throws Exception {
    http.perform(get("/api/orders/o-unknown"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:order-not-found"));
  }

  @Test
  void an_id_that_cannot_exist_is_a_400_problem() throws Exception {
    http.perform(get("/api/orders/{id}", "not an id!"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"));
  }
}
