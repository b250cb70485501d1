package dev.orderflow.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

/**
 * The stock API end to end, where the answer depends on stock the service really holds; every other
 * status and problem type of the contract is checked on the web layer alone ({@link
 * StockControllerTest}).
 */
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
}
