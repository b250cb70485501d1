package dev.orderflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireHistoryTest {

  @Test
  void every_change_is_of_an_event_type_of_the_contract() {
    assertThat(WireHistory.changes())
        .isNotEmpty()
        .allSatisfy(change -> assertThat(EventTypes.byName(change.type())).isNotNull());
  }
}
