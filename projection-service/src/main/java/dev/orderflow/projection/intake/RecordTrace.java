package dev.orderflow.projection.intake;

import dev.orderflow.events.Traceparent;
import dev.orderflow.platform.kafka.BatchRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The trace a record names: the trace id of its {@code traceparent} header, which the outbox relay
 * writes with the trace the event was caused in (for {@code OrderPlaced}, the request that placed
 * the order). Read the same way by the live intake and by a replay, so a rebuild finds what the
 * live intake found.
 */
final class RecordTrace {

  private RecordTrace() {}

  /** The trace id the record's last {@code traceparent} header names; null for none. */
  static @Nullable String idOf(Headers headers) {
    var header = headers.lastHeader(BatchRecord.TRACEPARENT);
    if (header == null || header.value() == null) {
      return null;
    }
    return Traceparent.traceId(new String(header.value(), StandardCharsets.UTF_8));
  }
}
