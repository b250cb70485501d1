package dev.orderflow.projection.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

class StockViewIT extends ProjectionServiceIntegrationTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void the_stock_view_keeps_the_newest_levels_and_ignores_stale_and_repeated_ones()
      throws Exception {
    var sku = "SKU-" + UUID.randomUUID();
    var stale = skipped(StockProjection.NAME, "stale");
    var duplicates = skipped(StockProjection.NAME, "duplicate");
    var newest = levels(sku, 3, 100, 7);

    publish(levels(sku, 1, 100, 0), newest, levels(sku, 2, 100, 2), newest);

    await("the stale and the repeated levels skipped")
        .atMost(PROJECTED)
        .until(() ->
            skipped(StockProjection.NAME, "stale") > stale
                && skipped(StockProjection.NAME, "duplicate") > duplicates);
    assertThat(stockOf(sku))
        .isEqualTo(
            Map.of(
                "sku", sku,
                "onHand", newest.onHand(),
                "reserved", newest.reserved(),
                "available", newest.available()));
  }

  @Test
  void every_sku_is_listed_in_sku_order() throws Exception {
    var prefix = "SKU-" + UUID.randomUUID() + "-";

    publish(levels(prefix + "B", 1, 5, 1), levels(prefix + "A", 1, 9, 0));

    await("both skus listed, A first")
        .atMost(PROJECTED)
        .until(
            () ->
                all().stream()
                    .map(s -> (String) s.get("sku"))
                    .filter(s -> s.startsWith(prefix))
                    .toList(),
            skus -> skus.equals(List.of(prefix + "A", prefix + "B")));
  }

  private Map<String, Object> stockOf(String sku) {
    return all().stream().filter(s -> sku.equals(s.get("sku"))).findFirst().orElseThrow();
  }

  private List<Map<String, Object>> all() {
    return http.get()
        .uri("/api/stock")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult()
        .getResponseBody();
  }

  private static StockLevelChanged levels(String sku, long version, int onHand, int reserved) {
    return new StockLevelChanged(
        sku, version, T0.plusSeconds(version), onHand, reserved, onHand - reserved);
  }
}
