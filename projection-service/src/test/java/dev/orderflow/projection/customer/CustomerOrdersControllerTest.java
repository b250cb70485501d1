package dev.orderflow.projection.customer;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.web.RequestProblems;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.LiveReadModel;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.customer.domain.OrderSummary;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.order.domain.OrderStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP contract of a customer's order history in a web slice, over a store in a list. */
@WebMvcTest(CustomerOrdersController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({RequestProblems.class, CustomerOrdersControllerTest.Histories.class})
class CustomerOrdersControllerTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** Three orders of c-1, an hour apart. */
  @TestConfiguration
  static class Histories {

    @Bean
    LiveReadModel<CustomerOrdersProjection> histories() {
      var orders = new ArrayList<OrderSummary>();
      for (int i = 0; i < 3; i++) {
        orders.add(
            new OrderSummary(
                "o-" + i,
                "c-1",
                OrderStatus.CONFIRMED,
                new BigDecimal("1.50"),
                T0.plusSeconds(3600L * i),
                2));
      }
      var store =
          new CustomerOrdersStore() {
            @Override
            public ProjectionOutcome<OrderSummary> record(OrderSummary summary) {
              throw new UnsupportedOperationException();
            }

            @Override
            public Page<OrderSummary> page(
                String customerId, int page, int size, boolean newestFirst) {
              var all =
                  orders.stream()
                      .filter(order -> order.customerId().equals(customerId))
                      .sorted(newestFirst ? OrderSummary.NEWEST_FIRST : OrderSummary.OLDEST_FIRST)
                      .toList();
              return Page.of(all, page, size);
            }
          };
      var projection =
          new CustomerOrdersProjection(
              store, new OutcomeMetrics("customer-orders", Intake.LIVE, new SimpleMeterRegistry()));
      return () -> projection;
    }
  }

  @Autowired MockMvc http;

  @Test
  void a_page_of_orders_newest_first_with_the_total_and_relative_links() throws Exception {
    http.perform(get("/api/customers/c-1/orders").param("page", "1").param("size", "1"))
        .andExpect(status().isOk())
        .andExpect(header().string("X-Total-Count", "3"))
        .andExpect(
            header()
                .string(
                    HttpHeaders.LINK,
                    "</api/customers/c-1/orders?page=0&size=1>; rel=\"first\", "
                        + "</api/customers/c-1/orders?page=0&size=1>; rel=\"prev\", "
                        + "</api/customers/c-1/orders?page=2&size=1>; rel=\"next\", "
                        + "</api/customers/c-1/orders?page=2&size=1>; rel=\"last\""))
        .andExpect(
            content()
                .json(
                    """
                    [{"orderId":"o-1","status":"CONFIRMED","total":1.50,
                      "placedAt":"2026-01-01T11:00:00Z"}]
                    """,
                    JsonCompareMode.STRICT));
  }

  @Test
  void oldest_first_on_request_and_an_empty_list_for_a_customer_without_orders() throws Exception {
    http.perform(get("/api/customers/c-1/orders").param("sort", "placedAt,asc"))
        .andExpect(
            jsonPath("$[*].orderId").value(org.hamcrest.Matchers.contains("o-0", "o-1", "o-2")));
    http.perform(get("/api/customers/c-none/orders"))
        .andExpect(status().isOk())
        .andExpect(header().string("X-Total-Count", "0"))
        .andExpect(content().json("[]"));
  }

  @Test
  void paging_and_sorting_that_cannot_work_are_400_problems_naming_the_parameter()
      throws Exception {
    http.perform(get("/api/customers/c-1/orders").param("size", "0"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"))
        .andExpect(jsonPath("$.errors[0].parameter").value("size"));
    http.perform(get("/api/customers/c-1/orders").param("sort", "total,desc"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].parameter").value("sort"));
  }
}
