package dev.orderflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void every_event_goes_to_the_topic_that_carries_its_type() {
    assertThat(EventFixtures.all())
        .allSatisfy(event -> assertThat(event).isInstanceOf(Topics.of(event).eventType()));
  }

  @Test
  void dead_letter_topic_is_the_topic_name_with_DLT_suffix() {
    assertThat(Topics.ORDER_EVENTS.deadLetter()).isEqualTo("orders.events.DLT");
  }

  @Test
  void every_event_has_its_own_id() {
    assertThat(EventFixtures.all()).extracting(DomainEvent::eventId).doesNotHaveDuplicates();
  }
}
