package dev.orderflow.events;

import org.jspecify.annotations.Nullable;

/**
 * The W3C {@code traceparent} every record carries beside its CloudEvents headers: {@code
 * <version>-<trace id>-<parent span id>-<flags>}, 2, 32, 16 and 2 lower-case hex digits. A header
 * is whatever its producer wrote, so anything not of that shape names no trace.
 *
 * <p>Checked with a loop, not a regular expression: it runs for every record consumed and every
 * event stored, and a regular expression was 1–2 % of each service's CPU samples (benchmarks.md).
 */
public final class Traceparent {

  private static final int LENGTH = 55;
  private static final int TRACE_ID_START = 3;
  private static final int TRACE_ID_END = 35;

  private Traceparent() {}

  /** {@code traceparent} if it has the W3C shape, else null. */
  public static @Nullable String wellFormed(@Nullable String traceparent) {
    return traceparent != null && hasShape(traceparent) ? traceparent : null;
  }

  /**
   * The trace id of a {@code traceparent}; null for none, one not of the W3C shape, or the all-zero
   * id, which W3C reserves as invalid.
   */
  public static @Nullable String traceId(@Nullable String traceparent) {
    if (traceparent == null || !hasShape(traceparent)) {
      return null;
    }
    var traceId = traceparent.substring(TRACE_ID_START, TRACE_ID_END);
    return validTraceId(traceId) ? traceId : null;
  }

  /** True for 32 lower-case hex digits, not all zero. */
  public static boolean validTraceId(String traceId) {
    return traceId.length() == 32 && hex(traceId, 0, 32) && !allZero(traceId);
  }

  private static boolean hasShape(String value) {
    return value.length() == LENGTH
        && hex(value, 0, 2)
        && value.charAt(2) == '-'
        && hex(value, TRACE_ID_START, TRACE_ID_END)
        && value.charAt(TRACE_ID_END) == '-'
        && hex(value, 36, 52)
        && value.charAt(52) == '-'
        && hex(value, 53, LENGTH);
  }

  private static boolean hex(String value, int from, int to) {
    for (int i = from; i < to; i++) {
      var c = value.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
