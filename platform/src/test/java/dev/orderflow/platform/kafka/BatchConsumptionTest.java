package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Traceparent;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

class BatchConsumptionTest {

  private static final String TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private final BatchConsumption batches = new BatchConsumption();
  private final List<String> applied = new ArrayList<>();

  @Test
  void records_are_applied_in_order_each_with_its_index_in_the_poll() {
    var records = List.of(record(0, placed("a")), record(1, placed("b")), record(2, placed("c")));
    var indexes = new ArrayList<Integer>();

    batches.consume(
        records,
        OrderPlaced.class,
        record -> {
          indexes.add(record.index());
          applied.add(record.event().orderId());
        });

    assertThat(applied).containsExactly("a", "b", "c");
    assertThat(indexes).containsExactly(0, 1, 2);
  }

  @Test
  void a_record_that_fails_is_blamed_with_its_own_cause_after_the_ones_before_it_are_applied() {
    var records = List.of(record(0, placed("a")), record(1, placed("b")), record(2, placed("c")));
    var busy = new RetryLaterException("b is busy");

    assertThatThrownBy(() ->
            batches.consume(
                records,
                OrderPlaced.class,
                record -> {
                  if (record.event().orderId().equals("b")) {
                    throw busy;
                  }
                  applied.add(record.event().orderId());
                }))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            failed -> {
              assertThat(failed.getRecord()).isSameAs(records.get(1));
              assertThat(failed.getCause()).isSameAs(busy);
            });
    assertThat(applied).containsExactly("a");
  }

  @Test
  void a_record_that_could_not_be_read_fails_as_itself_once_the_run_before_it_is_applied() {
    var unreadable = unreadable(1);
    var records = List.of(record(0, placed("a")), unreadable, record(2, placed("c")));

    assertThatThrownBy(() -> batches.consume(records, OrderPlaced.class, this::bulk, this::one))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            failed -> {
              assertThat(failed.getRecord()).isSameAs(unreadable);
              assertThat(failed.getCause())
                  .isInstanceOf(DeserializationException.class)
                  .hasRootCauseMessage("{ not json is not json");
            });
    assertThat(applied).as("the prefix, in one bulk").containsExactly("bulk:a");
  }

  @Test
  void a_record_that_could_not_be_read_fails_in_the_per_record_form_too() {
    var unreadable = unreadable(1);
    var records = List.of(record(0, placed("a")), unreadable);

    assertThatThrownBy(() -> batches.consume(records, OrderPlaced.class, this::one))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            failed -> assertThat(failed.getRecord()).isSameAs(unreadable));
    assertThat(applied).containsExactly("one:a");
  }

  @Test
  void an_event_of_another_type_or_a_value_missing_without_a_cause_is_unprocessable() {
    var confirmed = record(1, new OrderConfirmed("b", 2, Instant.parse("2026-01-01T00:00:00Z")));
    var missing = new ConsumerRecord<String, Object>("orders.events", 0, 1, "b", null);

    for (var odd : List.of(confirmed, missing)) {
      assertThatThrownBy(() ->
              batches.consume(
                  List.of(record(0, placed("a")), odd), OrderPlaced.class, this::bulk, this::one))
          .isInstanceOfSatisfying(
              BatchListenerFailedException.class,
              failed -> {
                assertThat(failed.getRecord()).isSameAs(odd);
                assertThat(RetryPolicy.classify(failed)).isEqualTo(RetryPolicy.Kind.FATAL);
              });
    }
    assertThat(applied).containsExactly("bulk:a", "bulk:a");
  }

  @Test
  void a_record_failed_exception_becomes_the_failure_of_the_record_it_names() {
    var records = List.of(record(0, placed("a")), record(1, placed("b")), record(2, placed("c")));
    var bug = new IllegalStateException("b has a bug");

    assertThatThrownBy(() ->
            batches.consume(
                records,
                OrderPlaced.class,
                run -> {
                  applied.add("bulk:" + run.getFirst().event().orderId());
                  throw new RecordFailedException(run.get(1).index(), bug);
                },
                this::one))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            failed -> {
              assertThat(failed.getRecord()).isSameAs(records.get(1));
              assertThat(failed.getCause()).isSameAs(bug);
            });
    assertThat(applied).as("no record applied again one by one").containsExactly("bulk:a");
  }

  @Test
  void any_other_exception_from_a_bulk_is_resolved_one_record_at_a_time_onto_the_guilty_record() {
    var records = List.of(record(0, placed("a")), record(1, placed("b")), record(2, placed("c")));
    var bug = new IllegalArgumentException("c has a bug");

    assertThatThrownBy(() ->
            batches.consume(
                records,
                OrderPlaced.class,
                run -> {
                  throw new IllegalStateException("the bulk write failed");
                },
                record -> {
                  if (record.event().orderId().equals("c")) {
                    throw bug;
                  }
                  applied.add("one:" + record.event().orderId());
                }))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            failed -> {
              assertThat(failed.getRecord()).isSameAs(records.get(2));
              assertThat(failed.getCause()).isSameAs(bug);
            });
    assertThat(applied).containsExactly("one:a", "one:b");
  }

  @Test
  void a_bulk_failure_that_does_not_recur_record_by_record_is_no_failure() {
    var records = List.of(record(0, placed("a")), record(1, placed("b")));

    batches.consume(
        records,
        OrderPlaced.class,
        run -> {
          throw new IllegalStateException("a lost connection");
        },
        this::one);

    assertThat(applied).containsExactly("one:a", "one:b");
  }

  @Test
  void a_record_failed_exception_naming_a_record_outside_the_run_is_resolved_record_by_record() {
    var records = List.of(record(0, placed("a")), record(1, placed("b")));

    batches.consume(
        records,
        OrderPlaced.class,
        run -> {
          throw new RecordFailedException(7, new IllegalStateException("miscounted"));
        },
        this::one);

    assertThat(applied).containsExactly("one:a", "one:b");
  }

  @Test
  void while_a_record_is_handled_the_logging_context_and_the_trace_are_the_records() {
    var traced = record(0, placed("a"));
    traced.headers().add(BatchRecord.TRACEPARENT, TRACEPARENT.getBytes(UTF_8));
    var untraced = record(1, placed("b"));
    var traces = TraceContext.none();
    var seen = new ArrayList<Map<String, String>>();
    var traceparents = new ArrayList<Optional<String>>();

    batches.consume(
        List.of(traced, untraced),
        OrderPlaced.class,
        record -> {
          seen.add(MDC.getCopyOfContextMap());
          traceparents.add(traces.traceparent());
        });

    assertThat(seen.get(0))
        .containsEntry("orderId", "a")
        .containsEntry("eventType", "OrderPlaced")
        .containsEntry("traceId", "0af7651916cd43dd8448eb211c80319c");
    assertThat(seen.get(1)).containsEntry("orderId", "b").doesNotContainKey("traceId");
    assertThat(traceparents).containsExactly(Optional.of(TRACEPARENT), Optional.empty());
    assertThat(MDC.getCopyOfContextMap()).as("nothing left behind").isNullOrEmpty();
    assertThat(traces.traceparent()).isEmpty();
  }

  @Test
  void a_bulk_handler_gets_a_records_context_inside_in_scope_of() {
    var traced = record(0, placed("a"));
    traced.headers().add(BatchRecord.TRACEPARENT, TRACEPARENT.getBytes(UTF_8));
    var traces = TraceContext.none();

    batches.consume(
        List.of(traced),
        OrderPlaced.class,
        run ->
            applied.add(
                batches.inScopeOf(
                    run.getFirst(), () -> MDC.get("orderId") + "@" + traces.traceparent().get())),
        this::one);

    assertThat(applied).containsExactly("a@" + TRACEPARENT);
  }

  @Test
  void a_batch_listeners_failure_is_logged_with_the_cause_a_record_listeners_would_have() {
    var logger = (Logger) LoggerFactory.getLogger(FailureLog.class);
    var logged = new ListAppender<ILoggingEvent>();
    logged.start();
    logger.addAppender(logged);
    var record = record(7, placed("a"));
    var bug = new IllegalStateException("a bug");
    try {
      new FailureLog(new SimpleMeterRegistry(), Duration.ofSeconds(20))
          .failedDelivery(
              record,
              new ListenerExecutionFailedException(
                  "Listener method threw exception",
                  "orders",
                  new BatchListenerFailedException("failed", bug, record)),
              1);
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(logged.list)
        .singleElement()
        .satisfies(event -> {
          assertThat(event.getThrowableProxy().getClassName())
              .isEqualTo(ListenerExecutionFailedException.class.getName());
          assertThat(event.getThrowableProxy().getCause().getClassName())
              .isEqualTo(IllegalStateException.class.getName());
        });
  }

  @Test
  void a_malformed_traceparent_names_no_trace() {
    var traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    assertThat(Traceparent.traceId(traceparent)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(Traceparent.traceId(traceparent.toUpperCase(java.util.Locale.ROOT))).isNull();
    assertThat(Traceparent.traceId("00-" + "x".repeat(32) + "-b7ad6b7169203331-01")).isNull();
    assertThat(Traceparent.traceId("garbage")).isNull();
    assertThat(TraceContext.within(traceparent, () -> TraceContext.none().traceparent()))
        .contains(traceparent);
    assertThat(TraceContext.within("00-short", () -> TraceContext.none().traceparent())).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void batch_containers_observe_each_record_only_where_spans_are_exported() {
    ConsumerFactory<Object, Object> consumers = mock(ConsumerFactory.class);
    for (var exporting : List.of(true, false)) {
      var batch = new ConcurrentMessageListenerContainer<>(consumers, new ContainerProperties("a"));
      batch.setupMessageListener((BatchMessageListener<Object, Object>) records -> {});
      var single =
          new ConcurrentMessageListenerContainer<>(consumers, new ContainerProperties("b"));
      single.setupMessageListener((MessageListener<Object, Object>) record -> {});

      KafkaPlatformAutoConfiguration.orderflowContainers(exporting).configure(batch);
      KafkaPlatformAutoConfiguration.orderflowContainers(exporting).configure(single);

      // Each record's consumer span, where spans are exported; elsewhere, no observation per
      // record at all (ConsumedRecords counts them per poll).
      assertThat(batch.getContainerProperties().isRecordObservationsInBatch())
          .as("exporting " + exporting)
          .isEqualTo(exporting);
      assertThat(single.getContainerProperties().isRecordObservationsInBatch()).isFalse();
      // Both commit the position past a transaction's commit marker (ConsumerGroupLagIT).
      assertThat(batch.getContainerProperties().isFixTxOffsets()).isTrue();
      assertThat(single.getContainerProperties().isFixTxOffsets()).isTrue();
    }
  }

  private void bulk(List<BatchRecord<OrderPlaced>> run) {
    run.forEach(record -> applied.add("bulk:" + record.event().orderId()));
  }

  private void one(BatchRecord<OrderPlaced> record) {
    applied.add("one:" + record.event().orderId());
  }

  private static ConsumerRecord<String, Object> record(long offset, DomainEvent event) {
    return new ConsumerRecord<>("orders.events", 0, offset, event.subject(), event);
  }

  private static ConsumerRecord<String, Object> unreadable(long offset) {
    var record = new ConsumerRecord<String, Object>("orders.events", 0, offset, "x", null);
    var bytes = "{ not json".getBytes(UTF_8);
    SerializationUtils.deserializationException(
        record.headers(),
        bytes,
        new DeserializationException("{ not json is not json", bytes, false, null),
        false);
    return record;
  }

  private static OrderPlaced placed(String orderId) {
    return new OrderPlaced(
        orderId,
        1,
        Instant.parse("2026-01-01T00:00:00Z"),
        "c-1",
        List.of(new OrderLine("SKU-1", 1, new BigDecimal("1.00"))),
        new BigDecimal("1.00"));
  }
}
