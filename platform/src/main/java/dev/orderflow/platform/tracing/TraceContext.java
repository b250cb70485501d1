package dev.orderflow.platform.tracing;

import dev.orderflow.events.Traceparent;
import io.micrometer.tracing.Tracer;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The W3C {@code traceparent} of the span this thread works in, to be stored beside an event in an
 * outbox. The relay publishes the event later, from its own thread, where that span is long gone;
 * with the stored value on the record, the consumers' spans still join the trace of the request or
 * record that caused the event.
 *
 * <p>A batch listener's records each belong to a trace of their own, none of which is the current
 * span while the listener works; {@link #within} names the record's trace for the work done for it.
 */
public final class TraceContext {

  /** The {@code traceparent} of the record this thread works on in a batch, if any. */
  private static final ThreadLocal<@Nullable String> RECORD = new ThreadLocal<>();

  private final Tracer tracer;

  public TraceContext(Tracer tracer) {
    this.tracer = tracer;
  }

  /** A context that never has a span: for code run without tracing, such as unit tests. */
  public static TraceContext none() {
    return new TraceContext(Tracer.NOOP);
  }

  /**
   * {@code 00-<trace id>-<span id>-<flags>} of the record {@link #within} names, else of the
   * current span, if there is one.
   */
  public Optional<String> traceparent() {
    var record = RECORD.get();
    if (record != null) {
      return Optional.of(record);
    }
    var span = tracer.currentSpan();
    if (span == null) {
      return Optional.empty();
    }
    // Not span.isNoop(): a span that is not recorded (ExportedSpansOnly) is "noop" to Micrometer,
    // yet it has the ids of its trace, which must reach the records all the same.
    var context = span.context();
    if (!Traceparent.validTraceId(context.traceId())) {
      return Optional.empty();
    }
    var sampled = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
    return Optional.of("00-" + context.traceId() + "-" + context.spanId() + "-" + sampled);
  }

  /**
   * Runs {@code work} as part of the trace {@code traceparent} names (a record's header): {@link
   * #traceparent()} answers it meanwhile, so what {@code work} stores in an outbox joins that
   * trace. A {@code null} or malformed traceparent (a header anyone can write) leaves the current
   * span in charge.
   */
  public static <T> T within(@Nullable String traceparent, Supplier<T> work) {
    var previous = RECORD.get();
    RECORD.set(Traceparent.wellFormed(traceparent));
    try {
      return work.get();
    } finally {
      if (previous == null) {
        RECORD.remove();
      } else {
        RECORD.set(previous);
      }
    }
  }
}
