package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeadLetterCommandTest {

  @Test
  void a_listed_id_names_the_redrive_endpoint_of_that_dead_letter() {
    assertThat(DeadLetterCommand.redrivePath("orders.events.DLT:1:42"))
        .isEqualTo("/api/admin/dead-letters/orders.events.DLT/1/42/redrive");
  }

  @Test
  void an_id_that_is_not_topic_partition_offset_is_refused() {
    assertThatThrownBy(() -> DeadLetterCommand.redrivePath("orders.events.DLT-1-42"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orders.events.DLT:1:42");
  }
}
