package dev.orderflow.projection.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.OrderEvent.OrderConfirmed;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TraceIdsTest {

  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void the_trace_id_is_the_second_field_of_a_traceparent() {
    assertThat(TraceIds.ofTraceparent(TRACEPARENT)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(TraceIds.ofTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void a_header_that_is_not_a_w3c_traceparent_names_no_trace() {
    assertThat(TraceIds.ofTraceparent(null)).isNull();
    assertThat(TraceIds.ofTraceparent("")).isNull();
    assertThat(TraceIds.ofTraceparent("00-short-00f067aa0ba902b7-01")).isNull();
    assertThat(TraceIds.ofTraceparent(TRACEPARENT.toUpperCase(java.util.Locale.ROOT))).isNull();
    assertThat(TraceIds.ofTraceparent(TRACEPARENT + "-extra")).isNull();
    assertThat(TraceIds.ofTraceparent("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")).isNull();
  }

  @Test
  void a_record_names_a_well_formed_trace_id_or_none() {
    var event = new OrderConfirmed("o-1", 2, Instant.parse("2026-01-01T10:00:00Z"));
    var position = new RecordPosition("orders.events", 0, 1);

    assertThat(new PositionedEvent(event, position).traceId()).isNull();
    assertThat(new PositionedEvent(event, position, "4bf92f3577b34da6a3ce929d0e0e4736").traceId())
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThatThrownBy(() -> new PositionedEvent(event, position, "not-a-trace"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
