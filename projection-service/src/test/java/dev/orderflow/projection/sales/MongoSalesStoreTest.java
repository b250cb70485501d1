package dev.orderflow.projection.sales;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.projection.CountedMongo;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.sales.domain.Sales;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sales buckets' store on the in-process MongoDB server: no Kafka, no Spring context. */
class MongoSalesStoreTest {

  static final Instant HOUR = Instant.parse("2026-01-01T10:00:00Z");

  final CountedMongo mongo = new CountedMongo();
  final MongoSalesStore store = new MongoSalesStore(mongo.template(), "sales_g1");

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void a_record_is_counted_once_however_often_it_comes_and_every_figure_reads_back() {
    var sold = sold("SKU-1", HOUR, 2);

    assertThat(store.add(sold, at(0, 7))).isInstanceOf(Applied.class);
    assertThat(store.add(sold, at(0, 7))).isInstanceOf(Skipped.class);
    assertThat(store.add(sold, at(1, 3))).isInstanceOf(Applied.class);

    assertThat(store.ofSku("SKU-1", HOUR, HOUR.plusSeconds(3600))).containsExactly(sold.plus(sold));
  }

  @Test
  void a_skus_hours_are_read_by_key_and_every_skus_by_time_oldest_first() {
    var later = HOUR.plusSeconds(3600);
    store.add(sold("SKU-2", later, 1), at(0, 1));
    store.add(sold("SKU-1", later, 1), at(0, 2));
    store.add(sold("SKU-1", HOUR, 1), at(0, 3));
    store.add(sold("SKU-1", HOUR.plusSeconds(7200), 1), at(0, 4));

    assertThat(store.ofSku("SKU-1", HOUR, later.plusSeconds(3600)))
        .extracting(Sales::hour)
        .containsExactly(HOUR, later);
    assertThat(store.between(later, later.plusSeconds(3600)))
        .extracting(Sales::key)
        .containsExactly("SKU-1|2026-01-01T11", "SKU-2|2026-01-01T11");
  }

  private static Sales sold(String sku, Instant hour, int units) {
    return new Sales(
        sku,
        hour,
        1,
        units,
        new BigDecimal("2.50").multiply(BigDecimal.valueOf(units)),
        0,
        0,
        BigDecimal.ZERO);
  }

  private static RecordPosition at(int partition, long offset) {
    return new RecordPosition("orders.events", partition, offset);
  }
}
