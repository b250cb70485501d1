package dev.orderflow.projection.stock;

import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.web.RequestProblems;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.LiveReadModel;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.stock.domain.StockView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP contract of {@code GET /api/stock} in a web slice, over three skus in a list. */
@WebMvcTest(StockController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({RequestProblems.class, StockControllerTest.Views.class})
class StockControllerTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TestConfiguration
  static class Views {

    @Bean
    LiveReadModel<StockProjection> stock() {
      var views =
          List.of(
              new StockView("SKU-A", 10, 2, 8, 4, T0),
              new StockView("SKU-B", 5, 0, 5, 1, T0),
              new StockView("SKU-C", 20, 1, 19, 7, T0));
      var store =
          new StockViewStore() {
            @Override
            public Optional<StockView> find(String sku) {
              return views.stream().filter(view -> view.sku().equals(sku)).findFirst();
            }

            @Override
            public boolean insert(StockView view) {
              throw new UnsupportedOperationException();
            }

            @Override
            public boolean replace(StockView current, StockView next) {
              throw new UnsupportedOperationException();
            }

            @Override
            public List<StockView> all() {
              return views;
            }
          };
      var projection =
          new StockProjection(
              store, new OutcomeMetrics("stock", Intake.LIVE, new SimpleMeterRegistry()), e -> {});
      return () -> projection;
    }
  }

  @Autowired MockMvc http;

  @Test
  void every_skus_levels_by_sku_on_one_page() throws Exception {
    http.perform(get("/api/stock"))
        .andExpect(status().isOk())
        .andExpect(header().string("X-Total-Count", "3"))
        .andExpect(
            content()
                .json(
                    """
                    [{"sku":"SKU-A","onHand":10,"reserved":2,"available":8},
                     {"sku":"SKU-B","onHand":5,"reserved":0,"available":5},
                     {"sku":"SKU-C","onHand":20,"reserved":1,"available":19}]
                    """,
                    JsonCompareMode.STRICT));
  }

  @Test
  void sorted_by_any_level_and_paged() throws Exception {
    http.perform(get("/api/stock").param("sort", "available,desc").param("size", "2"))
        .andExpect(jsonPath("$[*].sku").value(contains("SKU-C", "SKU-A")));
    http.perform(get("/api/stock").param("sort", "reserved").param("page", "1").param("size", "2"))
        .andExpect(jsonPath("$[*].sku").value(contains("SKU-A")));
  }

  @Test
  void an_unknown_sort_property_is_a_400_problem_naming_the_parameter() throws Exception {
    http.perform(get("/api/stock").param("sort", "price"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"))
        .andExpect(jsonPath("$.errors[0].parameter").value("sort"));
  }
}
