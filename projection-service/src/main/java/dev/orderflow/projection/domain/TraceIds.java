package dev.orderflow.projection.domain;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * W3C trace ids as the records' {@code traceparent} headers carry them ({@code 00-<trace
 * id>-<parent span id>-<flags>}). A header is whatever its producer wrote, so anything not of that
 * shape names no trace.
 */
public final class TraceIds {

  private static final Pattern TRACEPARENT =
      Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

  /** The all-zero trace id, which W3C reserves as invalid. */
  private static final String INVALID = "0".repeat(32);

  private TraceIds() {}

  /** The trace id of a {@code traceparent}; null for none, or one not of the W3C shape. */
  public static @Nullable String ofTraceparent(@Nullable String traceparent) {
    if (traceparent == null) {
      return null;
    }
    var matcher = TRACEPARENT.matcher(traceparent);
    if (!matcher.matches()) {
      return null;
    }
    var traceId = matcher.group(1);
    return valid(traceId) ? traceId : null;
  }

  /** True for 32 lower-case hex digits, not all zero. */
  public static boolean valid(String traceId) {
    return TRACE_ID.matcher(traceId).matches() && !traceId.equals(INVALID);
  }
}
