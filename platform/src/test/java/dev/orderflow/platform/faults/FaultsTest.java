package dev.orderflow.platform.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private final Faults faults = new Faults(new SimpleMeterRegistry(), Clock.systemUTC());
  private final Fault slow =
      faults.register("slow-consumer", "slows", Fault.Parameter.milliseconds("delayMs", 500));

  @Test
  void a_parameter_is_taken_within_its_bounds_and_defaults_otherwise() {
    faults.enable("slow-consumer", Map.of());
    assertThat(slow.parameter("delayMs")).isEqualTo(500);

    faults.enable("slow-consumer", Map.of("delayMs", 60_000L));
    assertThat(slow.parameter("delayMs")).isEqualTo(60_000);
  }

  @Test
  void a_delay_that_could_never_be_undone_or_a_negative_one_is_refused_and_changes_nothing() {
    assertThatThrownBy(() -> faults.enable("slow-consumer", Map.of("delayMs", Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delayMs must be within 0..60000, was 9223372036854775807");
    assertThatThrownBy(() -> faults.enable("slow-consumer", Map.of("delayMs", -1L)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(slow.active()).isFalse();
  }

  @Test
  void a_switch_requested_here_is_told_with_the_defaults_filled_in_every_time() {
    var requested = new ArrayList<Map<String, Long>>();
    slow.onRequestedHere(requested::add);

    faults.enable("slow-consumer", Map.of());
    faults.enable("slow-consumer", Map.of("delayMs", 7L));
    faults.disable("slow-consumer");

    assertThat(requested).containsExactly(Map.of("delayMs", 500L), Map.of("delayMs", 7L));
  }

  @Test
  void a_switch_that_arrives_from_another_instance_is_applied_but_not_requested_here() {
    var requested = new ArrayList<Map<String, Long>>();
    slow.onRequestedHere(requested::add);

    slow.enable(Map.of(), Instant.now());

    assertThat(slow.active()).isTrue();
    assertThat(requested).isEmpty();
  }

  @Test
  void a_default_outside_its_own_bounds_is_a_programming_error() {
    assertThatThrownBy(() -> new Fault.Parameter("share", 150, 0, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
