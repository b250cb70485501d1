package dev.orderflow.projection.sales;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.web.RequestProblems;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.LiveReadModel;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.sales.domain.Sales;
import dev.orderflow.projection.sales.domain.SalesBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The HTTP contract of {@code GET /api/sales} in a web slice: the default and bounded time range,
 * the answer's shape with the net figures; the store answers what it was asked, so the test sees
 * the range the controller computed.
 */
@WebMvcTest(SalesController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({RequestProblems.class, SalesControllerTest.Buckets.class})
class SalesControllerTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:20:00Z");

  @TestConfiguration
  static class Buckets {

    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** One hour of sales at {@code from} for the sku asked, or "ALL" without one. */
    @Bean
    LiveReadModel<SalesProjection> sales() {
      var store =
          new SalesStore() {
            @Override
            public ProjectionOutcome<SalesBucket> add(Sales sold, RecordPosition position) {
              throw new UnsupportedOperationException();
            }

            @Override
            public List<Sales> ofSku(String sku, Instant from, Instant to) {
              return List.of(sold(sku, from));
            }

            @Override
            public List<Sales> between(Instant from, Instant to) {
              return List.of(sold("ALL", from), sold("ALL", to.minusSeconds(3600)));
            }
          };
      var projection =
          new SalesProjection(
              store, new OutcomeMetrics("sales", Intake.LIVE, new SimpleMeterRegistry()));
      return () -> projection;
    }

    private static Sales sold(String sku, Instant hour) {
      return new Sales(sku, hour, 3, 5, new BigDecimal("50.00"), 1, 2, new BigDecimal("20.00"));
    }
  }

  @Autowired MockMvc http;

  @Test
  void a_skus_hours_with_what_sold_what_was_taken_back_and_the_net() throws Exception {
    http.perform(
            get("/api/sales")
                .param("sku", "SKU-1")
                .param("from", "2026-02-01T08:30:00Z")
                .param("to", "2026-02-01T12:00:00Z"))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .json(
                    """
                    [{"sku":"SKU-1","hour":"2026-02-01T08:00:00Z","orders":3,"units":5,
                      "revenue":50.00,"cancelledOrders":1,"cancelledUnits":2,
                      "cancelledRevenue":20.00,"netUnits":3,"netRevenue":30.00}]
                    """,
                    JsonCompareMode.STRICT));
  }

  @Test
  void by_default_the_last_24_hours_up_to_the_current_one() throws Exception {
    http.perform(get("/api/sales"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].hour").value("2026-02-28T11:00:00Z"))
        .andExpect(jsonPath("$[1].hour").value("2026-03-01T10:00:00Z"));
  }

  @Test
  void a_range_that_is_empty_too_long_or_out_of_bounds_is_a_400_problem() throws Exception {
    http.perform(
            get("/api/sales")
                .param("from", "2026-03-01T10:00:00Z")
                .param("to", "2026-03-01T10:30:00Z"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"))
        .andExpect(jsonPath("$.errors[0].parameter").value("from"));
    http.perform(
            get("/api/sales")
                .param("from", "2026-01-01T00:00:00Z")
                .param("to", "2026-03-01T00:00:00Z"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].parameter").value("from"));
    http.perform(get("/api/sales").param("to", "+999999999-12-31T23:59:59Z"))
        .andExpect(status().isBadRequest());
  }
}
