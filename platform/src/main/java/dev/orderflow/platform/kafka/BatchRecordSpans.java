package dev.orderflow.platform.kafka;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Leaves out the consumer span of each record a batch container observes one by one, where no span
 * is exported.
 *
 * <p>A batch container observes every record of a poll on its own ({@code
 * recordObservationsInBatch}, {@link KafkaPlatformAutoConfiguration#orderflowContainers}), around
 * nothing: the batch reaches the listener once, outside those observations. Their timer counts the
 * records ({@code spring_kafka_listener_seconds_count}); their span times nothing, and where no
 * span is exported it is not even recorded (platform {@code ExportedSpansOnly}), yet extracting the
 * record's {@code traceparent}, starting a child span, putting it in scope and ending it was most
 * of what each record's observation cost (docs/engineering/benchmarks.md). The work done for a
 * record joins its trace all the same: {@link BatchConsumption} runs it in the record's logging
 * context and trace, from the record's own header.
 *
 * <p>Registered first among the tracing handlers, it takes those observations and starts no span;
 * the timer's handler, after it, records them as before. Every other observation, and every record
 * of a record container (whose observation does surround the listener), goes on to Boot's handlers.
 * Where a span exporter is configured it takes nothing, and every record has its span as before
 * ({@code OneTraceIT}).
 */
public final class BatchRecordSpans
    implements TracingObservationHandler<KafkaRecordReceiverContext> {

  private final Tracer tracer;
  private final boolean exported;

  /** The listener ids of the batch containers; a child container's id adds "-" and its index. */
  private final Set<String> batchListeners = ConcurrentHashMap.newKeySet();

  public BatchRecordSpans(Tracer tracer, boolean exported) {
    this.tracer = tracer;
    this.exported = exported;
  }

  /** The container {@code listenerId} observes each record of its batches on its own. */
  public void batchListener(String listenerId) {
    batchListeners.add(listenerId);
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return !exported
        && context instanceof KafkaRecordReceiverContext record
        && fromBatchListener(record.getListenerId());
  }

  private boolean fromBatchListener(String listenerId) {
    if (batchListeners.contains(listenerId)) {
      return true;
    }
    var dash = listenerId.lastIndexOf('-');
    return dash > 0 && batchListeners.contains(listenerId.substring(0, dash));
  }

  /** An empty tracing context, which the timer's handler looks up when the observation stops. */
  @Override
  public void onStart(KafkaRecordReceiverContext context) {
    getTracingContext(context);
  }

  @Override
  public void onStop(KafkaRecordReceiverContext context) {}

  @Override
  public void onError(KafkaRecordReceiverContext context) {}

  @Override
  public void onEvent(Observation.Event event, KafkaRecordReceiverContext context) {}

  @Override
  public void onScopeOpened(KafkaRecordReceiverContext context) {}

  @Override
  public void onScopeClosed(KafkaRecordReceiverContext context) {}

  @Override
  public void onScopeReset(KafkaRecordReceiverContext context) {}

  @Override
  public Tracer getTracer() {
    return tracer;
  }
}
