package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The delays between the attempts of a deferred email: the retry topics' delays, kept. */
class RetriesTest {

  @Test
  void the_defaults_wait_30_seconds_then_2_then_8_minutes_and_never_more_than_10() {
    var retries =
        new NotificationProperties.Retries(
            4, Duration.ofSeconds(30), 4.0, Duration.ofMinutes(10), Duration.ofSeconds(5), 100);

    assertThat(retries.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(retries.delayAfter(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(retries.delayAfter(3)).isEqualTo(Duration.ofMinutes(8));
    assertThat(retries.delayAfter(4)).isEqualTo(Duration.ofMinutes(10));
  }
}
