package dev.orderflow.devstack.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

  private final RestartBackoff backoff = RestartBackoff.standard();

  @Test
  void the_first_restart_comes_within_five_seconds() {
    int crashes = backoff.crashesInARow(0, Duration.ofSeconds(3));

    assertThat(crashes).isEqualTo(1);
    assertThat(backoff.delayAfter(crashes)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void each_further_crash_in_a_row_doubles_the_delay_up_to_thirty_seconds() {
    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delayAfter(1_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void a_process_dying_soon_after_its_restart_continues_the_row() {
    assertThat(backoff.crashesInARow(3, Duration.ofSeconds(10))).isEqualTo(4);
  }

  @Test
  void a_process_that_ran_for_a_minute_before_dying_starts_a_new_row() {
    assertThat(backoff.crashesInARow(5, Duration.ofMinutes(1))).isEqualTo(1);
    assertThat(backoff.delayAfter(backoff.crashesInARow(5, Duration.ofHours(2))))
        .isEqualTo(Duration.ofSeconds(1));
  }
}
