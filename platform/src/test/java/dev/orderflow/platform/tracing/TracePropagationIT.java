package dev.orderflow.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.platform.PlatformTestSupport;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The trace context every request and record is continued from: W3C's trace context, and nothing
 * else (no B3, no baggage).
 */
class TracePropagationIT extends PlatformTestSupport {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  @Autowired Propagator propagator;

  @Test
  void a_w3c_traceparent_is_continued() {
    var span = continued(Map.of("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01"));

    assertThat(span.traceId()).isEqualTo(TRACE_ID);
    assertThat(span.parentId()).isEqualTo(SPAN_ID);
  }

  @Test
  void b3_headers_are_not_read() {
    var single = continued(Map.of("b3", TRACE_ID + "-" + SPAN_ID + "-1"));
    var multi =
        continued(Map.of("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", SPAN_ID, "X-B3-Sampled", "1"));

    assertThat(single.traceId()).isNotEqualTo(TRACE_ID);
    assertThat(single.parentId()).isNull();
    assertThat(multi.traceId()).isNotEqualTo(TRACE_ID);
    assertThat(multi.parentId()).isNull();
  }

  private io.micrometer.tracing.TraceContext continued(Map<String, String> headers) {
    var span = propagator.extract(headers, Map::get).start();
    try {
      return span.context();
    } finally {
      span.end();
    }
  }

  @Test
  void the_propagation_fields_are_w3c_trace_context_only() {
    assertThat(propagator.fields())
        .contains("traceparent")
        .doesNotContain("b3", "X-B3-TraceId", "baggage");
  }
}
