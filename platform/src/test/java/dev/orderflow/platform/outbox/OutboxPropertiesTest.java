package dev.orderflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code orderflow.outbox.*} bound as Spring binds it: the backlog count follows the sweep. */
class OutboxPropertiesTest {

  static OutboxProperties bound(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("orderflow.outbox", Bindable.of(OutboxProperties.class));
  }

  @Test
  void unset_the_backlog_is_counted_every_sweep_interval() {
    var properties = bound(Map.of("orderflow.outbox.sweep-interval", "30s"));

    assertThat(properties.sweepGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(properties.backlogCountInterval()).isNull();
    assertThat(properties.backlogCountEvery()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void set_the_backlog_is_counted_every_backlog_count_interval() {
    var properties =
        bound(
            Map.of(
                "orderflow.outbox.sweep-interval", "30s",
                "orderflow.outbox.backlog-count-interval", "7s"));

    assertThat(properties.backlogCountEvery()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void the_hand_off_path_marks_every_50_ms_unless_set() {
    assertThat(bound(Map.of()).markInterval())
        .isEqualTo(OutboxProperties.MARK_INTERVAL)
        .isEqualTo(Duration.ofMillis(50));
    assertThat(bound(Map.of("orderflow.outbox.mark-interval", "200ms")).markInterval())
        .isEqualTo(Duration.ofMillis(200));
  }
}
