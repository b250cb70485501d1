package dev.orderflow.platform.kafka;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Traceparent;
import dev.orderflow.platform.tracing.EventLogContext;
import dev.orderflow.platform.tracing.TraceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Takes a poll's records as one batch ({@code @KafkaListener(batch = "true")} with a {@code
 * List<ConsumerRecord<String, Object>>}) with the error semantics of a record listener: a failure
 * belongs to one record, which is retried, logged and dead-lettered by the same error handler and
 * {@link RetryPolicy}, while the records before it are applied and committed and the records after
 * it are read again.
 *
 * <p>It does so by throwing Spring Kafka's {@link BatchListenerFailedException} for the record that
 * failed, after everything before it is applied, and never any other exception: one would reach the
 * fallback batch handler, which retries the whole batch and then dead-letters every record of it,
 * innocent or not. So:
 *
 * <ul>
 *   <li>a record whose value could not be read (the error-handling deserializer left it {@code
 *       null} with the cause in a header; a tombstone is one, since {@link EventDeserializer}
 *       refuses it) fails as itself with that cause, once the records before it are applied; so
 *       does an event not of the expected type, or a {@code null} without that header, with {@link
 *       UnprocessableEventException};
 *   <li>a {@link RecordFailedException} from a {@link BatchHandler} fails the record it names, with
 *       its cause;
 *   <li>any other exception from a {@link BatchHandler} does not say which record failed: the run
 *       it was given is applied again one record at a time through the per-record handler, which
 *       must be idempotent (as every consumer's is: records are redelivered anyway), and the first
 *       record that fails there fails with its own cause. A dependency that is away is then blamed
 *       on the run's first record, which waits for it; a bug lands on the record that has it.
 * </ul>
 *
 * <p>While a per-record handler works on a record, the logging context names the event's subject
 * and type (as {@link EventLogContext} does for record listeners), {@code traceId} is the record's,
 * and {@link TraceContext#traceparent()} answers the record's {@code traceparent}, so outbox
 * entries join its trace. A {@link BatchHandler} gets that per record only inside {@link
 * #inScopeOf}. The tracer's current span is never the record's: the record's observation, when
 * enabled, is a span of its own that is not current while the handler runs, so a span the handler
 * opens itself is not a child of the record.
 */
public final class BatchConsumption {

  private static final Logger log = LoggerFactory.getLogger(BatchConsumption.class);
  private static final LogAccessor headerLog = new LogAccessor(BatchConsumption.class);

  /** The logging-context key of the trace id, as tracing writes it for record listeners. */
  static final String TRACE_ID = "traceId";

  /**
   * Applies the records one at a time, in order, with {@code each}: as a record listener would, at
   * one call per record but one commit per poll.
   */
  public <E extends DomainEvent> void consume(
      List<ConsumerRecord<String, Object>> records, Class<E> type, Consumer<BatchRecord<E>> each) {
    for (int i = 0; i < records.size(); i++) {
      var record = readOrFail(records.get(i), i, type);
      applyOne(record, each);
    }
  }

  /**
   * Applies the records with {@code bulk}, in runs between records that cannot be read; falls back
   * to {@code each} for a run whose bulk failed without naming a record (see the class comment).
   */
  public <E extends DomainEvent> void consume(
      List<ConsumerRecord<String, Object>> records,
      Class<E> type,
      BatchHandler<E> bulk,
      Consumer<BatchRecord<E>> each) {
    var run = new ArrayList<BatchRecord<E>>(records.size());
    for (int i = 0; i < records.size(); i++) {
      var raw = records.get(i);
      var problem = problemOf(raw, type);
      if (problem != null) {
        applyRun(run, bulk, each);
        throw failed(raw, problem);
      }
      run.add(new BatchRecord<>(i, raw, type.cast(raw.value())));
    }
    applyRun(run, bulk, each);
  }

  /**
   * Runs {@code work} for {@code record} with its logging context and trace: what a {@link
   * BatchHandler} wraps each record's decision in.
   */
  public <T> T inScopeOf(BatchRecord<?> record, Supplier<T> work) {
    var event = record.event();
    var traceparent = record.traceparent();
    var traceId = Traceparent.traceId(traceparent);
    var previousTraceId = MDC.get(TRACE_ID);
    MDC.put(event.subjectName(), event.subject());
    MDC.put(EventLogContext.EVENT_TYPE, event.type());
    if (traceId != null) {
      MDC.put(TRACE_ID, traceId);
    }
    try {
      return TraceContext.within(traceparent, work);
    } finally {
      MDC.remove(event.subjectName());
      MDC.remove(EventLogContext.EVENT_TYPE);
      if (traceId != null) {
        if (previousTraceId == null) {
          MDC.remove(TRACE_ID);
        } else {
          MDC.put(TRACE_ID, previousTraceId);
        }
      }
    }
  }

  private <E extends DomainEvent> void applyRun(
      List<BatchRecord<E>> run, BatchHandler<E> bulk, Consumer<BatchRecord<E>> each) {
    if (run.isEmpty()) {
      return;
    }
    try {
      bulk.apply(List.copyOf(run));
    } catch (RecordFailedException failed) {
      var named = run.stream().filter(record -> record.index() == failed.index()).findFirst();
      if (named.isPresent()) {
        throw failed(named.get().raw(), failed.getCause());
      }
      log.warn(
          "A batch handler named record {}, which is not in its run of {} to {}; applying the run"
              + " one record at a time",
          failed.index(),
          run.getFirst().index(),
          run.getLast().index(),
          failed);
      run.forEach(record -> applyOne(record, each));
    } catch (RuntimeException unnamed) {
      log.debug(
          "A batch handler failed without naming a record ({}); applying its run of {} to {} one"
              + " record at a time",
          DeadLetters.rootMessage(unnamed),
          run.getFirst().index(),
          run.getLast().index());
      run.forEach(record -> applyOne(record, each));
    } finally {
      run.clear();
    }
  }

  private <E extends DomainEvent> void applyOne(
      BatchRecord<E> record, Consumer<BatchRecord<E>> each) {
    try {
      inScopeOf(
          record,
          () -> {
            each.accept(record);
            return true;
          });
    } catch (RuntimeException e) {
      throw failed(record.raw(), e);
    }
  }

  private static <E extends DomainEvent> BatchRecord<E> readOrFail(
      ConsumerRecord<String, Object> raw, int index, Class<E> type) {
    var problem = problemOf(raw, type);
    if (problem != null) {
      throw failed(raw, problem);
    }
    return new BatchRecord<>(index, raw, type.cast(raw.value()));
  }

  /** Why the record cannot be given to a handler of {@code type}, if it cannot. */
  private static @Nullable Exception problemOf(ConsumerRecord<String, Object> raw, Class<?> type) {
    var value = raw.value();
    if (value == null) {
      Exception unread =
          SerializationUtils.getExceptionFromHeader(
              raw, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, headerLog);
      return unread != null ? unread : new UnprocessableEventException("The record has no value");
    }
    if (!type.isInstance(value)) {
      return new UnprocessableEventException(
          "Expected a " + type.getSimpleName() + ", got a " + value.getClass().getSimpleName());
    }
    return null;
  }

  private static BatchListenerFailedException failed(ConsumerRecord<?, ?> raw, Throwable cause) {
    return new BatchListenerFailedException(
        raw.topic() + "-" + raw.partition() + "@" + raw.offset() + " failed", cause, raw);
  }
}
