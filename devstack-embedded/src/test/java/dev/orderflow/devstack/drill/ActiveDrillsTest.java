package dev.orderflow.devstack.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.drill.ActiveDrills.Active;
import dev.orderflow.devstack.drill.ActiveDrills.Switched;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new supervisor does with the drills an earlier one left recorded. */
class ActiveDrillsTest {

  @TempDir Path directory;

  private ActiveDrills recorded() {
    var drills = new ActiveDrills(directory);
    drills.update(list ->
        List.of(
            new Active(
                "slow-inventory",
                "Slow inventory",
                "docs/drills/slow-inventory.md",
                false,
                "2026-01-01T00:00:00Z",
                List.of(
                    new Switched("inventory-service", "slow-consumer", Map.of("delayMs", 3000L))),
                List.of("smtp"),
                2),
            new Active(
                "held-only",
                "Held only",
                "docs/drills/held-only.md",
                false,
                "2026-01-01T00:00:00Z",
                List.of(),
                List.of("mongo"),
                1)));
    return drills;
  }

  @Test
  void after_a_restart_the_faults_stay_recorded_and_holds_and_traffic_are_dropped() {
    var drills = recorded();

    var before = drills.afterRestart(false);

    assertThat(before).extracting(Active::name).containsExactly("slow-inventory", "held-only");
    assertThat(drills.read())
        .singleElement()
        .satisfies(drill -> {
          assertThat(drill.name()).isEqualTo("slow-inventory");
          assertThat(drill.faults()).extracting(Switched::fault).containsExactly("slow-consumer");
          assertThat(drill.holds()).isEmpty();
          assertThat(drill.traffic()).isZero();
        });
  }

  @Test
  void after_a_fresh_restart_the_record_is_gone() {
    var drills = recorded();

    assertThat(drills.afterRestart(true)).hasSize(2);
    assertThat(drills.read()).isEmpty();
    assertThat(drills.file()).doesNotExist();
    assertThat(drills.afterRestart(false)).isEmpty();
  }
}
