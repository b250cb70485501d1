package dev.orderflow.platform;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.kafka.BatchConsumption;
import dev.orderflow.platform.kafka.DeadLettered;
import dev.orderflow.platform.kafka.DependencyUnavailableException;
import dev.orderflow.platform.kafka.RetryLaterException;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import dev.orderflow.platform.outbox.EmbeddedOutbox;
import dev.orderflow.platform.outbox.OutboxRelay;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service with nothing but the platform: one embedded outbox to relay and one batch listener,
 * through {@link BatchConsumption}, whose handler refuses orders of customer {@value
 * #POISON_CUSTOMER}. All platform tests share this one context, so there is one relay and one
 * consumer group.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PlatformTestApplication {

  public static final String PARCELS = "parcels";
  public static final String POISON_CUSTOMER = "poison";

  /** Whose orders are refused for good until {@link HandledEvents#fix} is called. */
  public static final String FIXABLE_CUSTOMER = "fixable";

  /** Whose orders fail more often than the bounded retries allow, but only transiently. */
  public static final String BUSY_CUSTOMER = "busy";

  public static final int BUSY_FAILURES = 5;

  /** Whose orders meet contention that never ends: a document that can never be updated. */
  public static final String STUCK_CUSTOMER = "stuck";

  /** Whose orders need a dependency that is away for more attempts than the bounded retries. */
  public static final String AWAY_CUSTOMER = "away";

  public static final int AWAY_FAILURES = 6;

  @Bean
  EmbeddedOutbox parcels(MongoTemplate mongo, EventJson json, OutboxRelay relay, Clock clock) {
    return new EmbeddedOutbox(PARCELS, mongo, json, relay, clock);
  }

  @Bean
  HandledEvents handledEvents(BatchConsumption batches, TraceContext traces) {
    return new HandledEvents(batches, traces);
  }

  @Bean
  DeadLetteredRecords deadLetteredRecords() {
    return new DeadLetteredRecords();
  }

  @Bean
  RecordObservations recordObservations() {
    return new RecordObservations();
  }

  /** How many records the listener containers observed one by one. */
  public static final class RecordObservations
      implements ObservationHandler<KafkaRecordReceiverContext> {

    private final AtomicInteger observed = new AtomicInteger();

    @Override
    public boolean supportsContext(Observation.Context context) {
      return context instanceof KafkaRecordReceiverContext;
    }

    @Override
    public void onStop(KafkaRecordReceiverContext context) {
      observed.incrementAndGet();
    }

    public int observed() {
      return observed.get();
    }
  }

  /** What the platform announced as dead-lettered, in the application context. */
  public static final class DeadLetteredRecords {

    private final List<DeadLettered> announced = new CopyOnWriteArrayList<>();

    @EventListener
    void on(DeadLettered deadLettered) {
      announced.add(deadLettered);
    }

    public List<DeadLettered> all() {
      return List.copyOf(announced);
    }
  }

  /**
   * An endpoint that takes a body, to show the request size limit, and one that answers JSON and
   * counts the requests it handled.
   */
  @RestController
  public static class Echo {

    public static final java.util.concurrent.atomic.AtomicInteger HANDLED =
        new java.util.concurrent.atomic.AtomicInteger();

    @PostMapping("/echo")
    String echo(@RequestBody String body) {
      return body;
    }

    @PostMapping("/counted")
    Map<String, Integer> counted() {
      return Map.of("handled", HANDLED.incrementAndGet());
    }
  }

  /** Endpoints that write and read a MongoDB document, as every service's requests do. */
  @RestController
  public static class Stored {

    public static final String COLLECTION = "stored";

    private final MongoTemplate mongo;

    Stored(MongoTemplate mongo) {
      this.mongo = mongo;
    }

    @PutMapping("/stored/{id}")
    Map<String, String> put(@PathVariable String id) {
      mongo.save(new Document("_id", id), COLLECTION);
      return Map.of("id", id);
    }

    @GetMapping("/stored/{id}")
    ResponseEntity<Map<String, String>> get(@PathVariable String id) {
      var stored = mongo.findById(id, Document.class, COLLECTION);
      return stored == null
          ? ResponseEntity.notFound().build()
          : ResponseEntity.ok(Map.of("id", stored.getString("_id")));
    }
  }

  /**
   * What the test listener handled successfully. It takes each poll as a batch, so every test of
   * failures, retries and dead letters runs through {@link BatchConsumption}.
   */
  public static final class HandledEvents {

    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, String> traceIds = new ConcurrentHashMap<>();
    private final BatchConsumption batches;
    private final TraceContext traces;

    HandledEvents(BatchConsumption batches, TraceContext traces) {
      this.batches = batches;
      this.traces = traces;
    }

    /** The trace the listener was in when it handled the event with this id. */
    public String traceIdOf(String eventId) {
      return traceIds.get(eventId);
    }

    private volatile boolean fixed;

    /** The bug that made orders of {@value #FIXABLE_CUSTOMER} fail is fixed. */
    public void fix() {
      fixed = true;
    }

    @KafkaListener(topics = "orders.events", batch = "true")
    void on(List<ConsumerRecord<String, Object>> records) {
      batches.consume(records, DomainEvent.class, record -> handle(record.event()));
    }

    private void handle(DomainEvent event) {
      if (event instanceof OrderEvent.OrderPlaced placed
          && placed.customerId().equals(POISON_CUSTOMER)) {
        throw new UnprocessableEventException("customer " + POISON_CUSTOMER + " is refused");
      }
      if (event instanceof OrderEvent.OrderPlaced placed
          && placed.customerId().equals(FIXABLE_CUSTOMER)
          && !fixed) {
        throw new UnprocessableEventException("customer " + FIXABLE_CUSTOMER + " hits a bug");
      }
      if (event instanceof OrderEvent.OrderPlaced placed
          && placed.customerId().equals(BUSY_CUSTOMER)
          && failures.merge(placed.orderId(), 1, Integer::sum) <= BUSY_FAILURES) {
        throw new RetryLaterException("customer " + BUSY_CUSTOMER + " is busy");
      }
      if (event instanceof OrderEvent.OrderPlaced placed
          && placed.customerId().equals(STUCK_CUSTOMER)) {
        throw new RetryLaterException("customer " + STUCK_CUSTOMER + " is stuck");
      }
      if (event instanceof OrderEvent.OrderPlaced placed
          && placed.customerId().equals(AWAY_CUSTOMER)
          && failures.merge(placed.orderId(), 1, Integer::sum) <= AWAY_FAILURES) {
        throw new DependencyUnavailableException(
            "what customer " + AWAY_CUSTOMER + " needs is away");
      }
      // 00-<trace id>-<span id>-<flags>: the trace an outbox entry written here would join.
      traces
          .traceparent()
          .ifPresent(traceparent -> traceIds.put(event.eventId(), traceparent.substring(3, 35)));
      events.add(event);
    }

    public List<DomainEvent> all() {
      return List.copyOf(events);
    }
  }
}
