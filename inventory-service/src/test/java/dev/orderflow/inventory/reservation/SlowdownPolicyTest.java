package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a poll's delay is paid: on the listener thread within the bound, the rest as a pause. */
class SlowdownPolicyTest {

  final SlowdownPolicy policy = SlowdownPolicy.within(SlowdownPolicy.DEFAULT_MAX_POLL_INTERVAL);

  @Test
  void the_thread_is_held_for_at_most_a_fifth_of_the_poll_deadline() {
    assertThat(policy.mostHeld()).isEqualTo(Duration.ofMinutes(1));
    assertThat(SlowdownPolicy.within(Duration.ofSeconds(10)).mostHeld())
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void a_poll_that_owes_less_than_the_bound_is_held_for_all_of_it() {
    assertThat(policy.owed(500, 3))
        .isEqualTo(new SlowdownPolicy.Owed(Duration.ofMillis(1_500), Duration.ZERO));
    assertThat(policy.owed(60_000, 1))
        .as("the longest delay a fault takes, for one record")
        .isEqualTo(new SlowdownPolicy.Owed(Duration.ofMinutes(1), Duration.ZERO));
  }

  @Test
  void
      the_largest_poll_at_the_longest_delay_holds_the_thread_within_the_bound_and_pauses_the_rest() {
    // max.poll.records (500) at the longest delay a fault takes (60 s): over eight hours owed.
    var owed = policy.owed(60_000, 500);

    assertThat(owed.held()).isEqualTo(Duration.ofMinutes(1));
    assertThat(owed.held()).isLessThan(SlowdownPolicy.DEFAULT_MAX_POLL_INTERVAL);
    assertThat(owed.held().plus(owed.paused())).isEqualTo(Duration.ofMinutes(500));
  }

  @Test
  void every_record_costs_its_delay_whatever_the_size_of_the_poll() {
    for (int records = 1; records <= 500; records *= 3) {
      var owed = policy.owed(5_000, records);
      assertThat(owed.held()).isLessThanOrEqualTo(policy.mostHeld());
      assertThat(owed.held().plus(owed.paused()))
          .isEqualTo(Duration.ofMillis(5_000).multipliedBy(records));
    }
  }

  @Test
  void no_delay_owes_nothing() {
    assertThat(policy.owed(0, 500))
        .isEqualTo(new SlowdownPolicy.Owed(Duration.ZERO, Duration.ZERO));
  }
}
