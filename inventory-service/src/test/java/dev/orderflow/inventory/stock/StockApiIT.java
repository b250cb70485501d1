package dev.orderflow.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

class StockApiIT extends InventoryServiceIntegrationTest {

  @Test
  void setting_stock_creates_the_sku_and_answers_its_levels() {
    var sku = newSku("API");

    http.put()
        .uri("/api/stock/{sku}", sku)
        .contentType(MediaType.APPLICATION_JSON)
        .body("{\"onHand\":100}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json(
            "{\"sku\":\"%s\",\"onHand\":100,\"reserved\":0,\"available\":100}".formatted(sku),
            JsonCompareMode.STRICT);

    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 100, 0, 100));
  }

  @Test
  void setting_stock_again_keeps_what_orders_reserved() throws Exception {
    var sku = newSku("API");
    setStock(sku, 10);
    publish(placed(newOrderId(), line(sku, 4)));
    await("the order's units are reserved")
        .atMost(PATIENCE)
        .until(() -> levelsOf(sku).reserved() == 4);

    assertThat(setStock(sku, 25)).isEqualTo(new Levels(sku, 25, 4, 21));
    assertThat(setStock(sku, 4)).isEqualTo(new Levels(sku, 4, 4, 0));
  }

  @Test
  void on_hand_below_what_is_reserved_is_a_409_problem() throws Exception {
    var sku = newSku("API");
    setStock(sku, 10);
    publish(placed(newOrderId(), line(sku, 6)));
    await("the order's units are reserved")
        .atMost(PATIENCE)
        .until(() -> levelsOf(sku).reserved() == 6);

    http.put()
        .uri("/api/stock/{sku}", sku)
        .contentType(MediaType.APPLICATION_JSON)
        .body("{\"onHand\":5}")
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:on-hand-below-reserved")
        .jsonPath("$.reserved")
        .isEqualTo(6);
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 10, 6, 4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"onHand\":-1}", "{}", "{\"onHand\":null}", "{\"onHand\":2000000000}"})
  void an_on_hand_that_is_missing_or_out_of_range_is_a_400_problem_naming_it(String body) {
    http.put()
        .uri("/api/stock/{sku}", newSku("API"))
        .contentType(MediaType.APPLICATION_JSON)
        .body(body)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:invalid-request")
        .jsonPath("$.errors[*].field")
        .value(fields ->
            assertThat(fields)
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("onHand"));
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
  void an_on_hand_that_is_not_a_whole_number_is_a_400_problem(String body) {
    var sku = newSku("API");

    http.put()
        .uri("/api/stock/{sku}", sku)
        .contentType(MediaType.APPLICATION_JSON)
        .body(body)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:malformed-request");
    http.get().uri("/api/stock/{sku}", sku).exchange().expectStatus().isNotFound();
  }

  @Test
  void a_sku_that_cannot_exist_is_a_400_problem() {
    http.put()
        .uri("/api/stock/{sku}", "not a sku!")
        .contentType(MediaType.APPLICATION_JSON)
        .body("{\"onHand\":1}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:invalid-request");
    http.get()
        .uri("/api/stock/{sku}", "-starts-with-a-dash")
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void an_unknown_sku_is_a_404_problem() {
    http.get()
        .uri("/api/stock/{sku}", newSku("UNKNOWN"))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:unknown-sku");
  }
}
