package dev.orderflow.projection.stock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StockProjectorTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void the_first_levels_of_a_sku_make_its_view() {
    var changed = levels(1, 100, 0);

    assertThat(StockProjector.apply(null, changed))
        .isEqualTo(new Applied<>(new StockView("SKU-1", 100, 0, 100, 1, changed.occurredAt())));
  }

  @Test
  void a_newer_version_replaces_the_levels() {
    var view = StockProjector.apply(null, levels(1, 100, 0)).view();

    var next = StockProjector.apply(view, levels(2, 100, 3)).view();

    assertThat(next.version()).isEqualTo(2);
    assertThat(next.reserved()).isEqualTo(3);
    assertThat(next.available()).isEqualTo(97);
  }

  @Test
  void the_same_version_again_is_a_duplicate_and_an_older_one_is_stale() {
    var view = StockProjector.apply(null, levels(5, 100, 3)).view();

    assertThat(StockProjector.apply(view, levels(5, 100, 3)))
        .isEqualTo(new Skipped<>(view, SkipReason.DUPLICATE));
    assertThat(StockProjector.apply(view, levels(4, 100, 1)))
        .isEqualTo(new Skipped<>(view, SkipReason.STALE));
  }

  @Test
  void any_delivery_order_with_duplicates_ends_at_the_newest_levels() {
    var random = new Random(7);
    var changes = new ArrayList<StockLevelChanged>();
    for (int version = 1; version <= 8; version++) {
      changes.add(levels(version, 100, random.nextInt(50)));
    }
    var newest = changes.stream().max(Comparator.comparingLong(StockLevelChanged::version));
    for (int run = 0; run < 100; run++) {
      var delivered = new ArrayList<>(changes);
      delivered.addAll(changes.subList(0, random.nextInt(changes.size())));
      Collections.shuffle(delivered, random);

      assertThat(project(delivered).version()).isEqualTo(newest.orElseThrow().version());
      assertThat(project(delivered).reserved()).isEqualTo(newest.orElseThrow().reserved());
    }
  }

  @Test
  void levels_of_another_sku_are_refused() {
    var view = StockProjector.apply(null, levels(1, 100, 0)).view();

    assertThatThrownBy(
            () -> StockProjector.apply(view, new StockLevelChanged("SKU-2", 2, T0, 1, 0, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static StockView project(List<StockLevelChanged> delivered) {
    StockView view = null;
    for (var changed : delivered) {
      view = StockProjector.apply(view, changed).view();
    }
    return view;
  }

  private static StockLevelChanged levels(long version, int onHand, int reserved) {
    return new StockLevelChanged(
        "SKU-1", version, T0.plusSeconds(version), onHand, reserved, onHand - reserved);
  }
}
