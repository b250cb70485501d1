package dev.orderflow.inventory.stock;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.ContentionException;
import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.RateLimitedException;
import dev.orderflow.platform.web.RequestProblems;
import java.time.Duration;
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
import org.springframework.test.web.servlet.ResultActions;

/**
 * The stock API's contract, every status and problem type it answers, on the web layer alone: no
 * broker, no database ({@link Stock} is a stand-in). The admin API's security is the platform's
 * concern and is left out ({@code addFilters = false}); {@code StockApiIT} runs the same contract
 * end to end.
 */
@WebMvcTest(StockController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(RequestProblems.class)
class StockControllerTest {

  static final String PROBLEM = "urn:orderflow:problem:";

  @Autowired MockMvc http;
  @MockitoBean Stock stock;
  @MockitoBean ClientLimits limits;

  @Test
  void setting_stock_answers_the_levels() throws Exception {
    when(stock.setOnHand("SKU-1", 100)).thenReturn(new StockLevels("SKU-1", 100, 4, 96, 7));

    setStock("SKU-1", "{\"onHand\":100}")
        .andExpect(status().isOk())
        .andExpect(
            content()
                .json("{\"sku\":\"SKU-1\",\"onHand\":100,\"reserved\":4,\"available\":96}", true));
    verify(limits).charge(ClientLimits.WRITES);
  }

  @Test
  void reading_stock_answers_the_levels() throws Exception {
    when(stock.levels("SKU-1")).thenReturn(Optional.of(new StockLevels("SKU-1", 10, 3, 7, 2)));

    http.perform(get("/api/stock/{sku}", "SKU-1"))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .json("{\"sku\":\"SKU-1\",\"onHand\":10,\"reserved\":3,\"available\":7}", true));
  }

  @Test
  void an_unknown_sku_is_a_404_problem() throws Exception {
    when(stock.levels("SKU-9")).thenReturn(Optional.empty());

    problem(http.perform(get("/api/stock/{sku}", "SKU-9")), 404, "unknown-sku");
  }

  @Test
  void on_hand_below_what_is_reserved_is_a_409_problem_saying_how_much_is_reserved()
      throws Exception {
    when(stock.setOnHand("SKU-1", 5)).thenThrow(new OnHandBelowReservedException("SKU-1", 5, 6));

    problem(setStock("SKU-1", "{\"onHand\":5}"), 409, "on-hand-below-reserved")
        .andExpect(jsonPath("$.reserved").value(6));
  }

  @Test
  void a_sku_that_kept_changing_is_a_409_stock_busy_problem() throws Exception {
    when(stock.setOnHand("SKU-1", 5))
        .thenThrow(
            new ContentionException(
                CompareAndSet.Contended.of(Stock.KIND, "SKU-1"), CompareAndSet.ATTEMPTS));

    problem(setStock("SKU-1", "{\"onHand\":5}"), 409, "stock-busy");
  }

  @Test
  void a_client_beyond_its_write_limit_is_a_429_problem_saying_when_to_retry() throws Exception {
    doThrow(new RateLimitedException("Too many writes", Duration.ofSeconds(3)))
        .when(limits)
        .charge(ClientLimits.WRITES);

    setStock("SKU-1", "{\"onHand\":5}")
        .andExpect(status().isTooManyRequests())
        .andExpect(header().exists("Retry-After"));
    verify(stock, never()).setOnHand(anyString(), anyInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"onHand\":-1}", "{}", "{\"onHand\":null}", "{\"onHand\":2000000000}"})
  void an_on_hand_that_is_missing_or_out_of_range_is_a_400_problem_naming_it(String body)
      throws Exception {
    problem(setStock("SKU-1", body), 400, "invalid-request")
        .andExpect(jsonPath("$.errors[*].field").value("onHand"));
    verify(stock, never()).setOnHand(anyString(), anyInt());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"onHand\":1.5}",
        "{\"onHand\":\"100\"}",
        "{\"onHand\":true}",
        "{\"onHand\":99999999999}",
        "{\"onHand\":",
        "[100]"
      })
  void an_on_hand_that_is_not_a_whole_number_is_a_400_problem(String body) throws Exception {
    problem(setStock("SKU-1", body), 400, "malformed-request");
    verify(stock, never()).setOnHand(anyString(), anyInt());
  }

  @Test
  void a_sku_that_cannot_exist_is_a_400_problem() throws Exception {
    problem(setStock("not a sku!", "{\"onHand\":1}"), 400, "invalid-request");
    problem(http.perform(get("/api/stock/{sku}", "-starts-with-a-dash")), 400, "invalid-request");
  }

  private ResultActions setStock(String sku, String body) throws Exception {
    return http.perform(
        put("/api/stock/{sku}", sku).contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private static ResultActions problem(ResultActions response, int status, String type)
      throws Exception {
    return response
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value(PROBLEM + type));
  }
}
