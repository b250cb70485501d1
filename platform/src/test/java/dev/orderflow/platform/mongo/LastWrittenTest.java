package dev.orderflow.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LastWrittenTest {

  final LastWritten<String, Integer> written = new LastWritten<>(2);

  @Test
  void a_remembered_state_serves_one_decision() {
    written.put("a", 1);

    assertThat(written.take("a")).contains(1);
    assertThat(written.take("a")).isEmpty();
  }

  @Test
  void the_least_recently_written_is_forgotten_first() {
    written.put("a", 1);
    written.put("b", 1);
    written.put("a", 2);

    written.put("c", 1);

    assertThat(written.size()).isEqualTo(2);
    assertThat(written.take("b")).isEmpty();
    assertThat(written.take("a")).contains(2);
    assertThat(written.take("c")).contains(1);
  }

  @Test
  void it_remembers_at_least_one_state() {
    assertThatThrownBy(() -> new LastWritten<String, Integer>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }
}
