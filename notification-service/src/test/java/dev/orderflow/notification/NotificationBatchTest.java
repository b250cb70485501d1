package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.notification.domain.EmailTemplate;
import dev.orderflow.notification.domain.OrderDetails;
import dev.orderflow.notification.domain.OrderEmail;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.kafka.BatchConsumption;
import dev.orderflow.platform.kafka.BatchRecord;
import dev.orderflow.platform.outbox.OutboxMessage;
import dev.orderflow.platform.outbox.OutboxRelay;
import dev.orderflow.platform.tracing.TraceContext;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The batch path of the consumer against its per-record path, each on a database of its own on the
 * in-process MongoDB server, with a client that counts the commands sent to each database and an
 * SMTP sender that counts connections: the same emails, documents and announcements, in fewer
 * commands and one connection per batch.
 */
class NotificationBatchTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123Z");
  static final EmbeddedMongo SERVER = EmbeddedMongo.inMemory(0);
  static final Map<String, AtomicInteger> COMMANDS = new ConcurrentHashMap<>();
  static final MongoClient CLIENT =
      MongoClients.create(
          MongoClientSettings.builder()
              .applyConnectionString(new ConnectionString(SERVER.connectionString("test")))
              .addCommandListener(
                  new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                      COMMANDS
                          .computeIfAbsent(event.getDatabaseName(), name -> new AtomicInteger())
                          .incrementAndGet();
                    }
                  })
              .build());

  static final AtomicInteger DATABASES = new AtomicInteger();

  @AfterAll
  static void close() {
    CLIENT.close();
    SERVER.close();
  }

  @Test
  void a_batch_sends_stores_and_announces_exactly_what_record_by_record_does() {
    var events = mixedPoll();
    var oneByOne = new Consumer();
    var batched = new Consumer();

    oneByOne.recordByRecord(events);
    batched.batch(events);

    assertThat(batched.smtp.sent).isEqualTo(oneByOne.smtp.sent);
    assertThat(batched.notifications()).isEqualTo(oneByOne.notifications());
    assertThat(batched.orders()).as("no copy of a placement is kept").isEmpty();
    assertThat(oneByOne.orders()).isEmpty();
    assertThat(batched.announced()).isEqualTo(oneByOne.announced());
    // Each email once, whatever the copies: the duplicate record sent nothing.
    assertThat(batched.smtp.sent).doesNotHaveDuplicates().hasSize(9);
  }

  @Test
  void a_batch_takes_three_commands_and_one_smtp_connection_where_one_by_one_takes_two_per_order() {
    var events = new ArrayList<OrderEvent>();
    for (int i = 0; i < 50; i++) {
      var orderId = "n-" + i;
      events.add(placed(orderId));
      events.add(confirmed(orderId));
    }
    var oneByOne = new Consumer();
    var batched = new Consumer();

    oneByOne.recordByRecord(events);
    batched.batch(events);

    // One by one: nothing for the placement (the confirmation carries it); find the notification
    // and store it sent for the confirmation.
    assertThat(oneByOne.commands()).isEqualTo(50 * 2);
    assertThat(oneByOne.smtp.connections).hasValue(50);
    // Batched: find $in notifications, and a bulkWrite storing the emails SENT for every 25 sent.
    assertThat(batched.commands()).isEqualTo(1 + 50 / OrderNotifier.RECORD_EVERY);
    assertThat(batched.smtp.connections).hasValue(1);
    assertThat(batched.notifications()).isEqualTo(oneByOne.notifications());
  }

  @Test
  void an_email_that_waits_for_smtp_fails_its_record_after_the_ones_before_it_are_recorded() {
    var consumer = new Consumer();
    consumer.smtp.downFrom = "<o-2.ORDER_CONFIRMED@orderflow>";
    var events = new ArrayList<OrderEvent>();
    for (int i = 0; i < 4; i++) {
      events.add(placed("o-" + i));
      events.add(confirmed("o-" + i));
    }

    assertThatThrownBy(() -> consumer.batch(events))
        .isInstanceOf(dev.orderflow.platform.kafka.RecordFailedException.class)
        .satisfies(failed ->
            assertThat(((dev.orderflow.platform.kafka.RecordFailedException) failed).index())
                .as("the record of o-2's confirmation")
                .isEqualTo(5));

    assertThat(consumer.smtp.sent)
        .containsExactly("<o-0.ORDER_CONFIRMED@orderflow>", "<o-1.ORDER_CONFIRMED@orderflow>");
    assertThat(consumer.notifications())
        .containsEntry("o-0:ORDER_CONFIRMED", "SENT/1/null/null")
        .containsEntry("o-1:ORDER_CONFIRMED", "SENT/1/null/null")
        .doesNotContainKey("o-2:ORDER_CONFIRMED");
    assertThat(consumer.announced()).hasSize(2);
  }

  @Test
  void a_crash_after_the_send_and_before_the_bulk_write_sends_each_email_once_more_at_most() {
    var events = new ArrayList<OrderEvent>();
    for (int i = 0; i < 5; i++) {
      events.add(placed("k-" + i));
      events.add(confirmed("k-" + i));
    }
    var database = "batch-" + DATABASES.incrementAndGet();
    var crashing = new Consumer(database, 1);

    assertThatThrownBy(() -> crashing.batch(events)).isInstanceOf(MongoException.class);
    assertThat(crashing.smtp.sent).hasSize(5);

    // The poll is delivered again to a consumer that does not crash, on the same database.
    var restarted = new Consumer(database, 0);
    restarted.batch(events);

    assertThat(restarted.smtp.sent).hasSize(5);
    assertThat(restarted.notifications().values()).allMatch(state -> state.startsWith("SENT/1/"));
    assertThat(restarted.announced()).hasSize(5);
  }

  @Test
  void a_bug_in_one_email_fails_its_record_after_the_emails_before_it_are_recorded() {
    var consumer = new Consumer();
    consumer.smtp.bugAt = "<b-1.ORDER_CONFIRMED@orderflow>";
    var events = new ArrayList<OrderEvent>();
    for (int i = 0; i < 3; i++) {
      events.add(placed("b-" + i));
      events.add(confirmed("b-" + i));
    }

    assertThatThrownBy(() -> consumer.batch(events))
        .isInstanceOf(dev.orderflow.platform.kafka.RecordFailedException.class)
        .hasRootCauseMessage("cannot be composed")
        .satisfies(failed ->
            assertThat(((dev.orderflow.platform.kafka.RecordFailedException) failed).index())
                .isEqualTo(3));
    assertThat(consumer.smtp.sent).containsExactly("<b-0.ORDER_CONFIRMED@orderflow>");
    assertThat(consumer.notifications())
        .containsEntry("b-0:ORDER_CONFIRMED", "SENT/1/null/null")
        .doesNotContainKey("b-1:ORDER_CONFIRMED");
  }

  @Test
  void missing_details_fail_the_batch_before_anything_is_stored_or_sent() {
    var consumer = new Consumer();

    // m-1's confirmation was written before terminal events carried the placement, and no copy of
    // its placement was kept.
    assertThatThrownBy(
            () -> consumer.batch(List.of(confirmed("m-0"), new OrderConfirmed("m-1", 2, NOW))))
        .isInstanceOf(OrderDetailsMissingException.class)
        .hasMessageContaining("m-1");
    assertThat(consumer.smtp.sent).isEmpty();
    assertThat(consumer.notifications()).isEmpty();
  }

  @Test
  void
      an_outcome_written_before_terminal_events_carried_the_placement_is_emailed_from_the_kept_copy() {
    var oneByOne = new Consumer();
    var batched = new Consumer();
    var events = List.<OrderEvent>of(new OrderConfirmed("v-0", 2, NOW), confirmed("v-1"));
    for (var consumer : List.of(oneByOne, batched)) {
      // As an earlier version kept it, from v-0's OrderPlaced.
      consumer.keptCopyOf(placed("v-0"));
    }

    oneByOne.recordByRecord(events);
    batched.batch(events);

    assertThat(batched.smtp.sent)
        .containsExactly("<v-0.ORDER_CONFIRMED@orderflow>", "<v-1.ORDER_CONFIRMED@orderflow>")
        .isEqualTo(oneByOne.smtp.sent);
    assertThat(batched.smtp.recipients)
        .containsExactly("c-v-0@customers.orderflow.dev", "c-v-1@customers.orderflow.dev");
    assertThat(batched.notifications()).isEqualTo(oneByOne.notifications());
  }

  @Test
  void the_sweep_sends_a_deferred_email_when_it_is_due_and_defers_it_again_if_turned_away() {
    var consumer = new Consumer();
    consumer.batch(List.of(placed("o-3"), confirmed("o-3")));
    assertThat(consumer.notifications())
        .containsEntry("o-3:ORDER_CONFIRMED", "PENDING/1/450 4.2.2 Mailbox full/" + date(30));
    // The sweep has no record to read the order's details from: the deferral keeps them.
    assertThat(consumer.stored("o-3:ORDER_CONFIRMED").get("order", Document.class))
        .isEqualTo(PlacedOrders.fields(OrderDetails.of("o-3", placed("o-3").placement())));

    assertThat(consumer.sweepAt(NOW.plusSeconds(29))).as("not due yet").isZero();
    assertThat(consumer.sweepAt(NOW.plusSeconds(30))).isEqualTo(1);
    assertThat(consumer.notifications())
        .containsEntry("o-3:ORDER_CONFIRMED", "PENDING/2/450 4.2.2 Mailbox full/" + date(150));

    consumer.smtp.accepting.add("<o-3.ORDER_CONFIRMED@orderflow>");
    assertThat(consumer.sweepAt(NOW.plusSeconds(150))).isEqualTo(1);
    assertThat(consumer.notifications())
        .containsEntry("o-3:ORDER_CONFIRMED", "SENT/3/450 4.2.2 Mailbox full/null");
    assertThat(consumer.smtp.sent).containsExactly("<o-3.ORDER_CONFIRMED@orderflow>");
    assertThat(consumer.announced()).containsExactly("NotificationSent:o-3");
  }

  @Test
  void the_sweep_gives_up_after_the_last_attempt_and_waits_while_another_instance_sweeps() {
    var consumer = new Consumer();
    consumer.batch(List.of(placed("o-3"), confirmed("o-3")));

    consumer.leaseTaken = true;
    assertThat(consumer.sweepAt(NOW.plusSeconds(30))).isZero();
    consumer.leaseTaken = false;
    consumer.sweepAt(NOW.plusSeconds(30));
    consumer.sweepAt(NOW.plusSeconds(150));
    consumer.sweepAt(NOW.plusSeconds(630));

    assertThat(consumer.notifications())
        .containsEntry("o-3:ORDER_CONFIRMED", "FAILED/4/450 4.2.2 Mailbox full/null");
    assertThat(consumer.announced()).containsExactly("NotificationFailed:o-3");
    assertThat(consumer.sweepAt(NOW.plusSeconds(3600))).as("nothing left").isZero();
  }

  @Test
  void a_batch_records_what_it_sent_every_25_emails_so_a_failure_part_way_resends_one_chunk() {
    var events = new ArrayList<OrderEvent>();
    for (int i = 0; i < 60; i++) {
      events.add(placed("c-" + i));
      events.add(confirmed("c-" + i));
    }
    var database = "batch-" + DATABASES.incrementAndGet();
    var failing = new Consumer(database, 2);

    assertThatThrownBy(() -> failing.batch(events)).isInstanceOf(MongoException.class);
    assertThat(failing.smtp.sent).as("the first two chunks").hasSize(50);
    assertThat(failing.notifications().values().stream().filter(s -> s.startsWith("SENT/1/")))
        .as("the first chunk is recorded")
        .hasSize(25);

    // The poll goes to another consumer (the partition moved, or the same one after the failure).
    var next = new Consumer(database, 0);
    next.batch(events);

    assertThat(next.smtp.sent).as("the unrecorded chunk again, and the last 10").hasSize(35);
    assertThat(next.notifications().values()).allMatch(state -> state.startsWith("SENT/1/"));
    assertThat(failing.announced().size() + next.announced().size()).isEqualTo(60);
  }

  @Test
  void a_slow_smtp_server_gets_what_was_sent_recorded_every_ten_seconds() {
    var consumer = new Consumer();
    consumer.smtp.onSend = () -> consumer.clock.now = consumer.clock.now.plusSeconds(4);
    var events = new ArrayList<OrderEvent>();
    for (int i = 0; i < 6; i++) {
      events.add(placed("s-" + i));
      events.add(confirmed("s-" + i));
    }

    consumer.batch(events);

    // 4 s a send: recorded after the third (12 s) and the sixth; the same as one chunk otherwise.
    assertThat(consumer.commands()).isEqualTo(1 + 2);
    assertThat(consumer.notifications().values()).hasSize(6).allMatch(s -> s.startsWith("SENT/1/"));
    assertThat(consumer.announced()).hasSize(6);
  }

  @Test
  void an_attempt_of_the_sweep_that_fails_with_an_exception_is_charged_and_given_up_at_the_last() {
    var consumer = new Consumer();
    consumer.batch(List.of(placed("o-3"), confirmed("o-3")));
    // The order's details are gone: every attempt of the sweep fails before its send.
    consumer
        .mongo
        .getCollection(NotificationStore.COLLECTION)
        .updateOne(new Document("_id", "o-3:ORDER_CONFIRMED"), Updates.unset("order"));

    assertThat(consumer.sweepAt(NOW.plusSeconds(30))).isEqualTo(1);
    assertThat(consumer.notifications().get("o-3:ORDER_CONFIRMED"))
        .startsWith("PENDING/2/failed: ")
        .contains("o-3")
        .endsWith("/" + date(150));
    assertThat(consumer.sweepAt(NOW.plusSeconds(100))).as("not tried every sweep").isZero();
    consumer.sweepAt(NOW.plusSeconds(150));
    consumer.sweepAt(NOW.plusSeconds(630));

    assertThat(consumer.notifications().get("o-3:ORDER_CONFIRMED")).startsWith("FAILED/4/failed: ");
    assertThat(consumer.announced()).containsExactly("NotificationFailed:o-3");
    assertThat(consumer.sweepAt(NOW.plusSeconds(3600))).as("nothing left").isZero();
  }

  @Test
  void an_email_sent_by_the_sweep_joins_the_trace_and_log_context_of_its_order() {
    var consumer = new Consumer();
    consumer.batch(List.of(placed("o-3"), confirmed("o-3")));
    assertThat(
            consumer
                .mongo
                .getCollection(NotificationStore.COLLECTION)
                .find(new Document("_id", "o-3:ORDER_CONFIRMED"))
                .first())
        .containsEntry("traceparent", traceparentOf("o-3"));
    var logged = new ListAppender<ILoggingEvent>();
    logged.start();
    var logger = (Logger) LoggerFactory.getLogger(OrderNotifier.class);
    logger.addAppender(logged);
    try {
      consumer.smtp.accepting.add("<o-3.ORDER_CONFIRMED@orderflow>");
      consumer.sweepAt(NOW.plusSeconds(30));
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(consumer.messages())
        .singleElement()
        .satisfies(message -> {
          assertThat(message.type()).isEqualTo("NotificationSent");
          assertThat(message.traceparent()).isEqualTo(traceparentOf("o-3"));
        });
    assertThat(logged.list)
        .filteredOn(line -> line.getFormattedMessage().equals("Emailed o-3:ORDER_CONFIRMED"))
        .singleElement()
        .satisfies(line ->
            assertThat(line.getMDCPropertyMap())
                .containsEntry("orderId", "o-3")
                .containsEntry("traceId", traceparentOf("o-3").substring(3, 35)));
  }

  @Test
  void
      an_email_deferred_by_the_retry_topics_before_the_upgrade_is_made_due_and_sent_by_the_sweep() {
    var database = "batch-" + DATABASES.incrementAndGet();
    var before = new Consumer(database, 0);
    before.keptCopyOf(placed("o-8"));
    // As the version before the sweep stored it: no occurredAt, outcomeReason or nextAttemptAt.
    before
        .mongo
        .getCollection(NotificationStore.COLLECTION)
        .insertOne(
            new Document("_id", "o-8:ORDER_CONFIRMED")
                .append("orderId", "o-8")
                .append("kind", "ORDER_CONFIRMED")
                .append("recipient", "c-o-8@customers.orderflow.dev")
                .append("status", "PENDING")
                .append("attempts", 1)
                .append("createdAt", date(-60))
                .append("sentAt", null)
                .append("lastError", "450 4.2.2 Mailbox full")
                .append("outbox", List.of()));
    assertThat(before.sweepAt(NOW)).as("invisible to the sweep").isZero();

    var upgraded = new Consumer(database, 0);

    assertThat(upgraded.sweepAt(NOW)).isEqualTo(1);
    assertThat(upgraded.notifications())
        .containsEntry("o-8:ORDER_CONFIRMED", "SENT/2/450 4.2.2 Mailbox full/null");
    assertThat(upgraded.smtp.sent).containsExactly("<o-8.ORDER_CONFIRMED@orderflow>");
    assertThat(upgraded.announced()).containsExactly("NotificationSent:o-8");
  }

  /** A trace of each order's own, as the relay would have set on its records. */
  private static String traceparentOf(String orderId) {
    var traceId = "%032x".formatted(Math.abs((long) orderId.hashCode()) + 1);
    return "00-" + traceId + "-00f067aa0ba902b7-01";
  }

  private static java.util.Date date(int secondsAfterNow) {
    return java.util.Date.from(NOW.plusSeconds(secondsAfterNow));
  }

  /** Placements, confirmations, a rejection, a cancellation after a confirmation, a copy. */
  private static List<OrderEvent> mixedPoll() {
    var events = new ArrayList<OrderEvent>();
    for (int i = 0; i < 6; i++) {
      events.add(placed("o-" + i));
    }
    events.add(confirmed("o-0"));
    events.add(confirmed("o-1"));
    events.add(rejected("o-2"));
    events.add(confirmed("o-0")); // a copy, in the same poll
    events.add(cancelled("o-1"));
    events.add(confirmed("o-3")); // turned away for now: deferred
    events.add(confirmed("o-4")); // turned away for good: given up
    events.add(confirmed("o-5"));
    events.add(placed("o-6"));
    events.add(confirmed("o-6"));
    events.add(cancelled("o-6"));
    events.add(cancelled("o-5"));
    events.add(cancelled("o-2"));
    return events;
  }

  private static OrderConfirmed confirmed(String orderId) {
    return new OrderConfirmed(orderId, 2, NOW, placed(orderId).placement());
  }

  private static OrderRejected rejected(String orderId) {
    return new OrderRejected(
        orderId, 2, NOW, RejectionReason.INSUFFICIENT_STOCK, placed(orderId).placement());
  }

  private static OrderCancelled cancelled(String orderId) {
    return new OrderCancelled(
        orderId, 3, NOW, CancellationReason.CUSTOMER_REQUEST, placed(orderId).placement());
  }

  private static OrderPlaced placed(String orderId) {
    return new OrderPlaced(
        orderId,
        1,
        NOW,
        "c-" + orderId,
        List.of(new OrderLine("SKU-1", 2, new BigDecimal("9.99"))),
        new BigDecimal("19.98"));
  }

  /** One consumer of its own database: stores, notifier, listener, a counting SMTP sender. */
  private static final class Consumer {

    final String database;
    final CountingSmtp smtp = new CountingSmtp();
    final OutboxRelay relay = mock(OutboxRelay.class);
    final MongoTemplate mongo;
    final OrderEventsListener listener;
    final NotificationStore notifications;
    final Notifier notifier;
    final NotificationProperties properties;
    volatile boolean leaseTaken;
    final SettableClock clock = new SettableClock();

    Consumer() {
      this("db-" + DATABASES.incrementAndGet(), 0);
    }

    /** Crashes at the {@code crashAtRecording}th bulk write of sent emails, if not 0. */
    Consumer(String database, int crashAtRecording) {
      this.database = database;
      this.mongo = new MongoTemplate(CLIENT, database);
      var clock = this.clock;
      var orders = new PlacedOrders(mongo);
      Mockito.when(relay.traceparent()).thenAnswer(invocation -> TraceContext.none().traceparent());
      var recordings = new AtomicInteger();
      this.notifications =
          new NotificationStore(mongo, new EventJson(), relay, clock) {
            @Override
            Set<String> completeAll(List<Completion> completions) {
              if (!completions.isEmpty() && recordings.incrementAndGet() == crashAtRecording) {
                throw new MongoException("the process died here");
              }
              return super.completeAll(completions);
            }
          };
      var resilient =
          new ResilientEmailSender(
              smtp,
              RetryRegistry.of(RetryConfig.custom().maxAttempts(1).build()),
              CircuitBreakerRegistry.ofDefaults(),
              BulkheadRegistry.ofDefaults(),
              TimeLimiterRegistry.ofDefaults());
      this.properties =
          new NotificationProperties(
              "orders@orderflow.dev",
              new NotificationProperties.Retries(
                  4,
                  Duration.ofSeconds(30),
                  4.0,
                  Duration.ofMinutes(10),
                  Duration.ofSeconds(5),
                  100));
      this.notifier =
          new OrderNotifier(
              orders, notifications, new EmailTemplate(), resilient, clock, properties);
      listener = new OrderEventsListener(notifier, new BatchConsumption());
      // The indexes the stores create are not the consumer's work.
      COMMANDS.remove(database);
    }

    /** One sweep at {@code now}: the emails it tried. */
    int sweepAt(Instant now) {
      net.javacrumbs.shedlock.core.LockProvider leases =
          lease -> leaseTaken ? java.util.Optional.empty() : java.util.Optional.of(() -> {});
      clock.now = now;
      return new DeferredEmailSweep(
              notifications, notifier, leases, properties, clock, "notification-service")
          .sweep();
    }

    void recordByRecord(List<OrderEvent> events) {
      COMMANDS.remove(database);
      events.forEach(listener::on);
    }

    void batch(List<OrderEvent> events) {
      var records =
          IntStream.range(0, events.size())
              .mapToObj(i -> {
                var event = events.get(i);
                var raw =
                    new ConsumerRecord<String, Object>(
                        "orders.events", 0, i, event.subject(), event);
                raw.headers()
                    .add(
                        BatchRecord.TRACEPARENT,
                        traceparentOf(event.subject()).getBytes(StandardCharsets.UTF_8));
                return new BatchRecord<OrderEvent>(i, raw, event);
              })
              .toList();
      COMMANDS.remove(database);
      listener.onAll(records);
    }

    int commands() {
      var count = COMMANDS.get(database);
      return count == null ? 0 : count.get();
    }

    /** Each notification's id and what a reader sees of it: status, attempts, error, next try. */
    Map<String, String> notifications() {
      var states = new TreeMap<String, String>();
      mongo
          .getCollection(NotificationStore.COLLECTION)
          .find()
          .forEach(document ->
              states.put(
                  document.getString("_id"),
                  "%s/%s/%s/%s"
                      .formatted(
                          document.getString("status"),
                          document.getInteger("attempts"),
                          document.getString("lastError"),
                          document.getDate("nextAttemptAt"))));
      return states;
    }

    /** A copy of the placement as an earlier version kept it, for the emails of its outcomes. */
    void keptCopyOf(OrderPlaced placed) {
      KeptCopies.keep(
          mongo, OrderDetails.of(placed.orderId(), placed.placement()), placed.occurredAt());
    }

    Document stored(String notificationId) {
      return mongo
          .getCollection(NotificationStore.COLLECTION)
          .find(new Document("_id", notificationId))
          .first();
    }

    List<Document> orders() {
      return mongo.getCollection(PlacedOrders.COLLECTION).find().into(new ArrayList<>()).stream()
          .sorted((a, b) -> a.getString("_id").compareTo(b.getString("_id")))
          .toList();
    }

    /** What was handed to the relay: each announcement's type and key, sorted. */
    List<String> announced() {
      var announced = new ArrayList<String>();
      messages().forEach(message -> announced.add(message.type() + ":" + message.key()));
      Collections.sort(announced);
      return announced;
    }

    @SuppressWarnings("unchecked")
    List<OutboxMessage> messages() {
      ArgumentCaptor<List<OutboxMessage>> handed = ArgumentCaptor.forClass(List.class);
      Mockito.verify(relay, Mockito.atLeast(0)).handOff(handed.capture());
      var messages = new ArrayList<OutboxMessage>();
      handed.getAllValues().forEach(messages::addAll);
      return messages;
    }
  }

  /** The time of the consumer and its sweep, moved on by the test. */
  private static final class SettableClock extends Clock {

    volatile Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /**
   * Counts connections and records what reached the server; turns away o-3's confirmation for now
   * and o-4's for good, and is down from {@link #downFrom} on.
   */
  private static final class CountingSmtp implements EmailSender {

    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    final List<String> recipients = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger connections = new AtomicInteger();
    volatile String downFrom = "";
    volatile String bugAt = "";
    volatile boolean down;
    volatile Runnable onSend = () -> {};
    final Set<String> accepting = ConcurrentHashMap.newKeySet();

    @Override
    public void send(OrderEmail email) {
      try (var connection = connect()) {
        connection.send(email);
      }
    }

    @Override
    public Connection connect() {
      connections.incrementAndGet();
      return new Connection() {
        @Override
        public void send(OrderEmail email) {
          if (email.messageId().equals(downFrom)) {
            down = true;
          }
          if (email.messageId().equals(bugAt)) {
            throw new IllegalStateException("cannot be composed");
          }
          if (down) {
            throw new SmtpUnavailableException(
                email.messageId(), "connection refused", new java.net.ConnectException());
          }
          if (email.messageId().equals("<o-3.ORDER_CONFIRMED@orderflow>")
              && !accepting.contains(email.messageId())) {
            throw new EmailRejectedException(
                email.messageId(), "450 4.2.2 Mailbox full", false, new RuntimeException());
          }
          if (email.messageId().equals("<o-4.ORDER_CONFIRMED@orderflow>")) {
            throw new EmailRejectedException(
                email.messageId(), "550 5.1.1 No such user", true, new RuntimeException());
          }
          onSend.run();
          sent.add(email.messageId());
          recipients.add(email.recipient());
        }

        @Override
        public void close() {}
      };
    }
  }
}
