package dev.orderflow.projection.rebuild.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RebuildProgressTest {

  final RebuildProgress progress =
      new RebuildProgress(
          Map.of("orders.events-0", 0L, "orders.events-1", 10L),
          Map.of("orders.events-0", 60L, "orders.events-1", 50L));

  @Test
  void progress_is_records_consumed_over_records_there_were_when_the_rebuild_started() {
    var positions = Map.of("orders.events-0", 30L, "orders.events-1", 30L);

    assertThat(progress.total()).isEqualTo(100);
    assertThat(progress.consumed(positions)).isEqualTo(50);
    assertThat(progress.fraction(positions)).isEqualTo(0.5);
    assertThat(progress.bar(positions))
        .isEqualTo("[###############---------------]  50% 50/100 records");
  }

  @Test
  void records_written_after_the_start_never_take_progress_beyond_one() {
    var positions = Map.of("orders.events-0", 90L, "orders.events-1", 70L);

    assertThat(progress.fraction(positions)).isEqualTo(1.0);
  }

  @Test
  void nothing_to_replay_is_done_at_once() {
    var empty = new RebuildProgress(Map.of("orders.events-0", 0L), Map.of("orders.events-0", 0L));

    assertThat(empty.fraction(Map.of())).isEqualTo(1.0);
    assertThat(RebuildProgress.reached(Map.of("orders.events-0", 0L), empty.targets())).isTrue();
  }

  @Test
  void a_partition_is_caught_up_when_its_position_reaches_the_offset() {
    var offsets = Map.of("orders.events-0", 5L, "orders.events-1", 7L);

    assertThat(
            RebuildProgress.reached(Map.of("orders.events-0", 5L, "orders.events-1", 6L), offsets))
        .isFalse();
    assertThat(
            RebuildProgress.reached(Map.of("orders.events-0", 5L, "orders.events-1", 9L), offsets))
        .isTrue();
  }
}
