package dev.orderflow.platform.tracing;

import dev.orderflow.events.DomainEvent;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts what a record is about into the logging context while its listener runs: its subject under
 * the name the contract gives it ({@link DomainEvent#subjectName()}: {@code orderId} for an event
 * of an order, {@code sku} for a stock level), and the event's {@code eventType}. With the trace
 * and span ids that tracing puts there, every log line written while handling a record (structured
 * logs: a field each) says which order it was about, whichever service wrote it.
 */
public final class EventLogContext implements RecordInterceptor<Object, Object> {

  public static final String EVENT_TYPE = "eventType";

  @Override
  public @Nullable ConsumerRecord<Object, Object> intercept(
      ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    if (record.value() instanceof DomainEvent event) {
      MDC.put(event.subjectName(), event.subject());
      MDC.put(EVENT_TYPE, event.type());
    }
    return record;
  }

  @Override
  public void afterRecord(
      ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    if (record.value() instanceof DomainEvent event) {
      MDC.remove(event.subjectName());
    }
    MDC.remove(EVENT_TYPE);
  }
}
