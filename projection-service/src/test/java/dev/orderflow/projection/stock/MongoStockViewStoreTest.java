package dev.orderflow.projection.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.projection.CountedMongo;
import dev.orderflow.projection.stock.domain.StockView;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stock views' store on the in-process MongoDB server: no Kafka, no Spring context. */
class MongoStockViewStoreTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");

  final CountedMongo mongo = new CountedMongo();
  final MongoStockViewStore store = new MongoStockViewStore(mongo.template(), "stock_views_g1");

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void a_view_reads_back_exactly_as_it_was_written_and_all_come_by_sku() {
    var b = new StockView("SKU-B", 5, 1, 4, 2, T0);
    var a = new StockView("SKU-A", 10, 0, 10, 1, T0);

    assertThat(store.insert(b)).isTrue();
    assertThat(store.insert(a)).isTrue();

    assertThat(store.find("SKU-B")).contains(b);
    assertThat(store.all()).containsExactly(a, b);
  }

  @Test
  void writes_are_conditional_on_what_was_read() {
    var first = new StockView("SKU-A", 10, 0, 10, 1, T0);
    var second = new StockView("SKU-A", 10, 2, 8, 2, T0);
    store.insert(first);

    assertThat(store.insert(first)).isFalse();
    assertThat(store.replace(first, second)).isTrue();
    assertThat(store.replace(first, new StockView("SKU-A", 9, 0, 9, 3, T0))).isFalse();
    assertThat(store.find("SKU-A")).contains(second);
  }
}
