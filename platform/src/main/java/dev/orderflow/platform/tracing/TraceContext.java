package dev.orderflow.platform.tracing;

import io.micrometer.tracing.Tracer;
import java.util.Optional;

/**
 * The W3C {@code traceparent} of the span this thread works in, to be stored beside an event in an
 * outbox. The relay publishes the event later, from its own thread, where that span is long gone;
 * with the stored value on the record, the consumers' spans still join the trace of the request or
 * record that caused the event.
 */
public final class TraceContext {

  private final Tracer tracer;

  public TraceContext(Tracer tracer) {
    this.tracer = tracer;
  }

  /** A context that never has a span: for code run without tracing, such as unit tests. */
  public static TraceContext none() {
    return new TraceContext(Tracer.NOOP);
  }

  /** {@code 00-<trace id>-<span id>-<flags>} of the current span, if there is one. */
  public Optional<String> traceparent() {
    var span = tracer.currentSpan();
    if (span == null || span.isNoop()) {
      return Optional.empty();
    }
    var context = span.context();
    var sampled = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
    return Optional.of("00-" + context.traceId() + "-" + context.spanId() + "-" + sampled);
  }
}
