package dev.orderflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TraceparentTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void a_w3c_traceparent_names_its_trace() {
    assertThat(Traceparent.wellFormed(TRACEPARENT)).isEqualTo(TRACEPARENT);
    assertThat(Traceparent.traceId(TRACEPARENT)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(Traceparent.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void anything_else_names_no_trace() {
    for (var header :
        new String[] {
          "",
          "00-short-00f067aa0ba902b7-01",
          TRACEPARENT.toUpperCase(Locale.ROOT),
          TRACEPARENT + "-extra",
          TRACEPARENT.substring(1),
          TRACEPARENT.replace('-', '_'),
          TRACEPARENT.replace("4bf9", "4bg9"),
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-701",
        }) {
      assertThat(Traceparent.wellFormed(header)).as(header).isNull();
      assertThat(Traceparent.traceId(header)).as(header).isNull();
    }
    assertThat(Traceparent.wellFormed(null)).isNull();
    assertThat(Traceparent.traceId(null)).isNull();
  }

  @Test
  void the_all_zero_trace_id_is_no_trace() {
    var zero = "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01";

    assertThat(Traceparent.wellFormed(zero)).isEqualTo(zero);
    assertThat(Traceparent.traceId(zero)).isNull();
    assertThat(Traceparent.validTraceId("0".repeat(32))).isFalse();
    assertThat(Traceparent.validTraceId("4bf92f3577b34da6a3ce929d0e0e4736")).isTrue();
    assertThat(Traceparent.validTraceId("4bf92f3577b34da6a3ce929d0e0e473")).isFalse();
  }
}
