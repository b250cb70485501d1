package dev.orderflow.projection.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.CountedMongo;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StockProjectionTest {

  static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  final CountedMongo mongo = new CountedMongo();
  final StockProjection projection = projection();

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void the_next_level_of_a_sku_it_wrote_is_applied_without_reading_the_view_back() {
    projection.apply(level(1, 10));
    var finds = mongo.sent("find");

    projection.apply(level(2, 8));
    projection.apply(level(3, 5));

    assertThat(mongo.sent("find")).isEqualTo(finds);
    assertStored(3, 5);
  }

  @Test
  void a_view_another_instance_changed_since_is_read_again_and_the_newest_level_wins() {
    projection.apply(level(1, 10));
    projection().apply(level(2, 8));

    var outcome = projection.apply(level(3, 5));

    assertThat(outcome).isInstanceOf(Applied.class);
    assertStored(3, 5);
  }

  @Test
  void an_older_level_is_judged_on_the_stored_view_not_the_remembered_one() {
    projection.apply(level(1, 10));
    projection.apply(level(3, 5));
    var finds = mongo.sent("find");

    var outcome = projection.apply(level(2, 8));

    assertThat(outcome).isInstanceOf(Skipped.class);
    assertThat(mongo.sent("find")).isEqualTo(finds + 1);
    assertStored(3, 5);
  }

  /** The one stock view stored: at {@code version}, with {@code available} units. */
  private void assertStored(long version, int available) {
    assertThat(projection.all())
        .singleElement()
        .satisfies(view -> {
          assertThat(view.version()).isEqualTo(version);
          assertThat(view.available()).isEqualTo(available);
        });
  }

  private StockProjection projection() {
    return new StockProjection(
        new MongoStockViewStore(mongo.template(), "stock_views_g1"),
        new OutcomeMetrics(StockProjection.NAME, Intake.LIVE, new SimpleMeterRegistry()),
        change -> {});
  }

  private static StockLevelChanged level(long version, int available) {
    return new StockLevelChanged(
        "SKU-1", version, T0.plusSeconds(version), 10, 10 - available, available);
  }
}
