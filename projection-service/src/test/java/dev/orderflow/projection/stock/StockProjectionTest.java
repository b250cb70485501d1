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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;

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

  @Test
  void a_level_found_already_stored_announces_the_view_again_and_an_older_one_does_not() {
    var announced = new ArrayList<Object>();
    var announcing = projection("stock_views_g1", announced::add);
    announcing.apply(level(1, 10));
    announcing.apply(level(2, 8));

    var duplicate = announcing.apply(level(2, 8));
    var stale = announcing.apply(level(1, 10));

    assertThat(duplicate).isInstanceOf(Skipped.class);
    assertThat(stale).isInstanceOf(Skipped.class);
    assertThat(announced)
        .extracting(change -> ((StockViewChanged) change).version())
        .as("a redelivered level may have been stored by a handling that failed to announce it")
        .containsExactly(1L, 2L, 2L);
  }

  @Test
  void a_batch_announces_a_level_it_finds_already_stored_as_one_at_a_time_does() {
    var oneByOne = new ArrayList<Object>();
    var batched = new ArrayList<Object>();
    var levels = List.of(level(1, 10), level(2, 8), level(2, 8));
    var single = projection("one_by_one", oneByOne::add);
    levels.forEach(single::apply);
    projection("batched", batched::add).applyAll(levels.subList(0, 2));

    // Another instance, as after a restart: the stored view is read, not remembered.
    projection("batched", batched::add).applyAll(levels.subList(2, 3));

    assertThat(batched).isEqualTo(oneByOne);
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
    return projection("stock_views_g1", change -> {});
  }

  private StockProjection projection(String collection, ApplicationEventPublisher changes) {
    return new StockProjection(
        new MongoStockViewStore(mongo.template(), collection),
        new OutcomeMetrics(StockProjection.NAME, Intake.LIVE, new SimpleMeterRegistry()),
        changes);
  }

  private static StockLevelChanged level(long version, int available) {
    return new StockLevelChanged(
        "SKU-1", version, T0.plusSeconds(version), 10, 10 - available, available);
  }
}
