package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.Topics;
import dev.orderflow.inventory.CountedMongo;
import dev.orderflow.inventory.MongoSlice;
import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationStatus;
import dev.orderflow.inventory.domain.StockStep;
import dev.orderflow.inventory.stock.Stock;
import dev.orderflow.inventory.stock.StockLevelOutbox;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.ContentionException;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.kafka.BatchConsumption;
import dev.orderflow.platform.kafka.BatchRecord;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import dev.orderflow.platform.outbox.OutboxProperties;
import dev.orderflow.platform.outbox.OutboxRelay;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The batch paths of the listener (reservations and releases) against one record at a time, on the
 * in-process MongoDB server: the same stock, reservations, announcements and outcome counts, in
 * fewer commands; and a batch that died between two of its writes, or lost a sku or a claim to
 * another writer, completed by the per-record path without counting any units twice.
 */
class BatchReservationsMongoTest {

  static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  static final Map<String, Integer> STOCK =
      Map.of("A", 5, "B", 3, "C", 1, "D", 100, "F", 100, "G", 100);

  final CountedMongo server = new CountedMongo();
  final List<Stock> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(Stock::close);
    server.close();
  }

  @Test
  void a_poll_taken_as_a_batch_leaves_exactly_what_one_record_at_a_time_leaves() {
    var poll = mixedPoll();
    var oneByOne = stocked(new Inventory(database()));
    oneByOne.handle(placed("o-0", line("D", 1)));
    var batched = stocked(new Inventory(database()));
    batched.handle(placed("o-0", line("D", 1)));

    poll.forEach(oneByOne::handle);
    batched.consume(poll);

    assertThat(batched.snapshot()).isEqualTo(oneByOne.snapshot());
    assertThat(batched.outcomes()).isEqualTo(oneByOne.outcomes());
    assertThat(batched.reservation("o-3").getString("status")).isEqualTo("FAILED");
    assertThat(batched.reservation("o-6").getString("status")).isEqualTo("RELEASED");
    assertThat(batched.levels("A")).isEqualTo(List.of(5, 5, 0, Map.of()));
    // Each announcement joins the trace of the record it answers, in the batch (o-1) as alone
    // (o-5).
    assertThat(batched.reservation("o-1").getList("outbox", Document.class))
        .extracting(entry -> entry.getString("traceparent"))
        .containsExactly(TRACE);
    assertThat(batched.reservation("o-5").getList("outbox", Document.class))
        .extracting(entry -> entry.getString("traceparent"))
        .containsExactly(TRACE);
  }

  @Test
  void a_batch_sends_a_handful_of_commands_per_poll_where_one_at_a_time_sends_several_per_order() {
    var poll = new ArrayList<OrderEvent>();
    for (int i = 0; i < 50; i++) {
      poll.add(placed("o-" + i, line("D", 1), line(i % 2 == 0 ? "F" : "G", 1)));
    }
    var oneByOne = stocked(new Inventory(database()));
    var batched = stocked(new Inventory(database()));

    server.reset();
    poll.forEach(oneByOne::handle);
    var perRecord = server.sent();
    server.reset();
    batched.consume(poll);
    var perBatch = server.sent();

    assertThat(batched.snapshot()).isEqualTo(oneByOne.snapshot());
    // insertMany; find $in of the skus; one bulkWrite each for the steps, finishes, marker removals
    assertThat(perBatch).isEqualTo(Map.of("insert", 1, "find", 1, "update", 3));
    // Each order: its insert, a step and a marker removal per sku, its finish; three reads of skus.
    assertThat(perRecord)
        .as("commands one record at a time")
        .isEqualTo(Map.of("insert", 50, "find", 3, "findAndModify", 200, "update", 50));
  }

  @Test
  void markers_waiting_go_with_the_next_polls_stock_write_and_end_where_one_at_a_time_ends() {
    var first = new ArrayList<OrderEvent>();
    var second = new ArrayList<OrderEvent>();
    for (int i = 0; i < 50; i++) {
      (i < 25 ? first : second)
          .add(placed("o-" + i, line("D", 1), line(i % 2 == 0 ? "F" : "G", 1)));
    }
    var oneByOne = stocked(new Inventory(database()));
    var batched =
        stocked(
            new Inventory(
                database(), new Stock.Clearing(Duration.ofHours(1), 100, () -> {}, () -> {})));
    first.forEach(oneByOne::handle);
    second.forEach(oneByOne::handle);

    batched.consume(first);
    assertThat(batched.stock.markersWaiting()).isEqualTo(3);
    server.reset();
    batched.consume(second);
    var perBatch = server.sent();

    // insertMany; find $in of the skus; one bulkWrite for the steps, which removes the first
    // poll's markers, and one for the finishes: no write of the markers' own.
    assertThat(perBatch).isEqualTo(Map.of("insert", 1, "find", 1, "update", 2));
    assertThat(batched.levels("D").get(3)).isEqualTo(markersOf(second, "D"));
    assertThat(batched.stock.markersWaiting()).isEqualTo(3);

    server.reset();
    batched.stock.flushMarkers();

    assertThat(server.sent()).isEqualTo(Map.of("update", 1));
    assertThat(batched.snapshot()).isEqualTo(oneByOne.snapshot());
  }

  /** The markers {@code poll}'s reservations leave on {@code sku}, at attempt 1. */
  static Map<String, Object> markersOf(List<OrderEvent> poll, String sku) {
    var markers = new HashMap<String, Object>();
    for (var event : poll) {
      if (event instanceof OrderPlaced placed
          && placed.lines().stream().anyMatch(line -> line.sku().equals(sku))) {
        markers.put(StockStep.marker(StockStep.Kind.RESERVE, placed.orderId()), 1L);
      }
    }
    return markers;
  }

  @Test
  void a_batch_that_died_after_its_stock_writes_is_completed_by_the_redelivered_poll() {
    var poll = mixedPoll();
    var expected = stocked(new Inventory(database()));
    expected.handle(placed("o-0", line("D", 1)));
    poll.forEach(expected::handle);
    var database = database();
    var crashed = stocked(new Inventory(database));
    crashed.handle(placed("o-0", line("D", 1)));
    crashed.store.crashOnFinish = true;

    assertThatThrownBy(() -> crashed.handler.reserveAll(firstDeliveries(poll)))
        .isInstanceOf(Crash.class);
    assertThat(crashed.reservation("o-1").getString("status")).isEqualTo("RESERVING");
    assertThat(crashed.levels("A").get(3))
        .isEqualTo(Map.of("reserve:o-1", 1L, "reserve:o-2", 1L, "reserve:o-4", 1L));

    var restarted = new Inventory(database);
    restarted.consume(poll);

    assertThat(restarted.settled()).isEqualTo(expected.settled());
  }

  @Test
  void a_batch_that_died_after_its_finishes_is_completed_by_the_redelivered_poll() {
    var poll = mixedPoll();
    var expected = stocked(new Inventory(database()));
    expected.handle(placed("o-0", line("D", 1)));
    poll.forEach(expected::handle);
    var database = database();
    var crashed = stocked(new Inventory(database));
    crashed.handle(placed("o-0", line("D", 1)));
    crashed.stock.crashOnClear = true;

    assertThatThrownBy(() -> crashed.handler.reserveAll(firstDeliveries(poll)))
        .isInstanceOf(Died.class);
    assertThat(crashed.reservation("o-1").getString("status")).isEqualTo("RESERVED");
    assertThat(crashed.levels("A").get(3)).isNotEqualTo(Map.of());

    var restarted = new Inventory(database);
    restarted.consume(poll);

    assertThat(restarted.settled()).isEqualTo(expected.settled());
  }

  @Test
  void a_batch_that_fails_in_process_is_applied_again_one_record_at_a_time() {
    var poll = mixedPoll();
    var expected = stocked(new Inventory(database()));
    expected.handle(placed("o-0", line("D", 1)));
    poll.forEach(expected::handle);
    var batched = stocked(new Inventory(database()));
    batched.handle(placed("o-0", line("D", 1)));
    batched.store.crashOnFinish = true;

    batched.consume(poll);

    assertThat(batched.settled()).isEqualTo(expected.settled());
  }

  @Test
  void an_order_with_a_sku_another_writer_changed_is_reserved_on_its_own_without_counting_twice() {
    var database = database();
    var batched = stocked(new Inventory(database));
    var other = new Inventory(database);
    batched.stock.beforeApplyAll = () -> other.stock.setOnHand("B", 10);

    batched.consume(
        List.of(placed("o-1", line("A", 2), line("B", 1)), placed("o-2", line("A", 1))));

    // A's write landed with both orders' units and markers; B's lost, so o-1 went on its own,
    // claimed its reservation anew and took its step on A over without moving A's units again.
    assertThat(batched.levels("A")).isEqualTo(List.of(5, 3, 2, Map.of()));
    assertThat(batched.levels("B")).isEqualTo(List.of(10, 1, 9, Map.of()));
    assertThat(batched.reservation("o-1").getString("status")).isEqualTo("RESERVED");
    assertThat(batched.reservation("o-1").getList("outbox", Document.class))
        .extracting(entry -> entry.getString("type"))
        .containsExactly("StockReserved");
    assertThat(batched.outcomes()).isEqualTo(Map.of("OrderPlaced/reserved", 2.0));
  }

  @Test
  void a_finish_claimed_again_right_after_it_landed_counts_as_landed_and_its_markers_go() {
    var database = database();
    var batched = stocked(new Inventory(database));
    var rival = new Inventory(database);
    // o-2's finish loses: another attempt claims the reservation before the finishes are written,
    // so fewer than all match and the losers are read again.
    batched.store.beforeFinishAll =
        () -> rival.store.claim(rival.store.find("o-2").orElseThrow(), ReservationStatus.RESERVING);
    // o-1's finish lands, and a cancel claims the reservation (RELEASING) and releases it before
    // the losers are read.
    batched.store.beforeLosers = () -> rival.handle(cancelled("o-1"));

    batched.consume(List.of(placed("o-1", line("A", 2)), placed("o-2", line("B", 1))));

    assertThat(batched.reservation("o-1").getString("status")).isEqualTo("RELEASED");
    assertThat(batched.reservation("o-1").getLong("finishedBy")).isEqualTo(1L);
    assertThat(batched.levels("A")).isEqualTo(List.of(5, 0, 5, Map.of()));
    // o-2 went on its own: claimed anew, its step on B taken over without moving B's units again.
    assertThat(batched.reservation("o-2").getString("status")).isEqualTo("RESERVED");
    assertThat(batched.levels("B")).isEqualTo(List.of(3, 1, 2, Map.of()));
    assertThat(batched.outcomes()).isEqualTo(Map.of("OrderPlaced/reserved", 2.0));
  }

  @Test
  void a_marker_removal_that_fails_leaves_the_outcomes_and_the_markers_until_a_redelivery() {
    var poll = mixedPoll();
    var oneByOne = stocked(new Inventory(database()));
    oneByOne.handle(placed("o-0", line("D", 1)));
    var batched = stocked(new Inventory(database()));
    batched.handle(placed("o-0", line("D", 1)));
    batched.stock.contendedOnClear = true;

    poll.forEach(oneByOne::handle);
    batched.consume(poll);

    assertThat(batched.outcomes()).isEqualTo(oneByOne.outcomes());
    assertThat(batched.reservation("o-1").getString("status")).isEqualTo("RESERVED");
    assertThat(batched.levels("A"))
        .isEqualTo(
            List.of(5, 5, 0, Map.of("reserve:o-1", 1L, "reserve:o-2", 1L, "reserve:o-4", 1L)));

    batched.stock.contendedOnClear = false;
    batched.consume(poll);

    assertThat(batched.snapshot()).isEqualTo(oneByOne.snapshot());
  }

  @Test
  void the_outcome_line_of_an_order_reserved_in_a_batch_names_its_order_and_its_trace() {
    var batched = stocked(new Inventory(database()));
    var logger = (Logger) LoggerFactory.getLogger(CountedOutcomes.class);
    var logged =
        new ListAppender<ILoggingEvent>() {
          @Override
          protected void append(ILoggingEvent event) {
            // The logging context as it is while the line is written, not once the test reads it.
            event.prepareForDeferredProcessing();
            super.append(event);
          }
        };
    logged.start();
    logger.addAppender(logged);
    try {
      batched.consume(
          List.of(placed("o-1", line("A", 1)), placed("o-2", line("C", 5)), cancelled("o-9")));
    } finally {
      logger.detachAppender(logged);
    }

    var traceId = TRACE.split("-")[1];
    assertThat(logged.list)
        .extracting(event ->
            event.getFormattedMessage()
                + " | "
                + event.getMDCPropertyMap().get("orderId")
                + " "
                + event.getMDCPropertyMap().get("traceId"))
        .containsExactly(
            "OrderPlaced of order o-1: reserved | o-1 " + traceId,
            "OrderPlaced of order o-2: failed | o-2 " + traceId,
            "OrderCancelled of order o-9: tombstoned | o-9 " + traceId);
  }

  @Test
  void a_record_that_cannot_be_read_fails_as_itself_once_the_records_before_it_are_stored() {
    var batched = stocked(new Inventory(database()));
    var first = placed("o-1", line("A", 1));
    var after = placed("o-2", line("B", 1));

    assertThatThrownBy(() ->
            batched.listener.on(
                List.of(
                    new ConsumerRecord<>(Topics.Names.ORDER_EVENTS, 0, 0, "o-1", first),
                    new ConsumerRecord<>(Topics.Names.ORDER_EVENTS, 0, 1, "o-x", null),
                    new ConsumerRecord<>(Topics.Names.ORDER_EVENTS, 0, 2, "o-2", after))))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            failed -> assertThat(failed.getRecord().offset()).isEqualTo(1))
        .hasCauseInstanceOf(UnprocessableEventException.class);
    assertThat(batched.reservation("o-1").getString("status")).isEqualTo("RESERVED");
    assertThat(batched.reservation("o-2")).isNull();
  }

  @Test
  void a_redelivered_batch_changes_nothing() {
    var poll = mixedPoll();
    var batched = stocked(new Inventory(database()));
    batched.handle(placed("o-0", line("D", 1)));
    batched.consume(poll);
    var once = batched.snapshot();

    batched.consume(poll);

    assertThat(batched.snapshot()).isEqualTo(once);
  }

  @Test
  void releases_taken_as_a_batch_leave_exactly_what_one_record_at_a_time_leaves() {
    var oneByOne = reserved(stocked(new Inventory(database())));
    var batched = reserved(stocked(new Inventory(database())));

    releasePoll().forEach(oneByOne::handle);
    batched.consume(releasePoll());

    assertThat(batched.snapshot()).isEqualTo(oneByOne.snapshot());
    assertThat(batched.outcomes()).isEqualTo(oneByOne.outcomes());
    assertThat(batched.reservation("o-1").getString("status")).isEqualTo("RELEASED");
    assertThat(batched.reservation("o-4").getString("status")).isEqualTo("RELEASED");
    assertThat(batched.levels("A")).isEqualTo(List.of(5, 1, 4, Map.of()));
    assertThat(batched.reservation("o-1").getList("outbox", Document.class))
        .extracting(entry -> entry.getString("type") + " " + entry.getString("traceparent"))
        .containsExactly("StockReserved " + TRACE, "StockReleased " + TRACE);
  }

  @Test
  void a_batch_of_releases_sends_a_handful_of_commands_where_one_at_a_time_sends_ten_per_order() {
    var placed = new ArrayList<OrderEvent>();
    var cancels = new ArrayList<OrderEvent>();
    for (int i = 0; i < 50; i++) {
      placed.add(placed("o-" + i, line("D", 1), line(i % 2 == 0 ? "F" : "G", 1)));
      cancels.add(cancelled("o-" + i));
    }
    var oneByOne = stocked(new Inventory(database()));
    oneByOne.consume(placed);
    var batched = stocked(new Inventory(database()));
    batched.consume(placed);

    server.reset();
    cancels.forEach(oneByOne::handle);
    var perRecord = server.sent();
    server.reset();
    batched.consume(cancels);
    var perBatch = server.sent();

    assertThat(batched.snapshot()).isEqualTo(oneByOne.snapshot());
    assertThat(batched.outcomes()).isEqualTo(oneByOne.outcomes());
    // find $in of the reservations, of the skus; one bulkWrite each for the claims, the steps, the
    // finishes, the marker removals
    assertThat(perBatch).isEqualTo(Map.of("find", 2, "update", 4));
    // Each order: its reservation read, its claim, an ownership check, a step and a marker removal
    // per sku, its finish.
    assertThat(perRecord)
        .as("commands one record at a time")
        .isEqualTo(Map.of("find", 150, "findAndModify", 200, "update", 100));
  }

  @Test
  void a_batch_of_releases_that_died_after_its_claims_is_completed_by_the_redelivered_poll() {
    var expected = reserved(stocked(new Inventory(database())));
    releasePoll().forEach(expected::handle);
    var database = database();
    var crashed = reserved(stocked(new Inventory(database)));
    crashed.store.crashAfterClaims = true;

    assertThatThrownBy(() -> crashed.handler.releaseAll(releasing(releasePoll())))
        .isInstanceOf(Crash.class);
    assertThat(crashed.reservation("o-1").getString("status")).isEqualTo("RELEASING");

    var restarted = new Inventory(database);
    restarted.consume(releasePoll());

    assertThat(restarted.settled()).isEqualTo(expected.settled());
  }

  @Test
  void a_batch_of_releases_that_died_after_its_steps_is_completed_by_the_redelivered_poll() {
    var expected = reserved(stocked(new Inventory(database())));
    releasePoll().forEach(expected::handle);
    var database = database();
    var crashed = reserved(stocked(new Inventory(database)));
    crashed.store.crashOnFinish = true;

    assertThatThrownBy(() -> crashed.handler.releaseAll(releasing(releasePoll())))
        .isInstanceOf(Crash.class);
    assertThat(crashed.levels("A").get(3)).isEqualTo(Map.of("release:o-1", 3L, "release:o-4", 3L));

    var restarted = new Inventory(database);
    restarted.consume(releasePoll());

    assertThat(restarted.settled()).isEqualTo(expected.settled());
    assertThat(restarted.levels("A")).isEqualTo(List.of(5, 1, 4, Map.of()));
  }

  @Test
  void a_batch_of_releases_that_died_after_its_finishes_is_completed_by_the_redelivered_poll() {
    var expected = reserved(stocked(new Inventory(database())));
    releasePoll().forEach(expected::handle);
    var database = database();
    var crashed = reserved(stocked(new Inventory(database)));
    crashed.stock.crashOnClear = true;

    assertThatThrownBy(() -> crashed.handler.releaseAll(releasing(releasePoll())))
        .isInstanceOf(Died.class);
    assertThat(crashed.reservation("o-1").getString("status")).isEqualTo("RELEASED");

    var restarted = new Inventory(database);
    restarted.consume(releasePoll());

    assertThat(restarted.settled()).isEqualTo(expected.settled());
  }

  @Test
  void a_batch_of_releases_that_fails_in_process_leaves_the_poll_s_reservations_counted() {
    var poll = new ArrayList<>(releasePoll());
    poll.add(placed("o-7", line("F", 1)));
    var oneByOne = reserved(stocked(new Inventory(database())));
    poll.forEach(oneByOne::handle);
    var batched = reserved(stocked(new Inventory(database())));
    batched.store.crashAfterClaims = true;

    batched.consume(poll);

    // The poll was applied again one record at a time. o-7, reserved by the batch before the
    // releases, was counted reserved at once; the second pass found it reserved and counted that
    // as it counts any redelivery, unchanged.
    assertThat(batched.settled()).isEqualTo(oneByOne.settled());
    var expected = new TreeMap<>(oneByOne.outcomes());
    expected.put("OrderPlaced/unchanged", 1.0);
    assertThat(batched.outcomes()).isEqualTo(expected);
  }

  @Test
  void a_claim_lost_to_another_attempt_leaves_the_whole_batch_to_the_per_record_path() {
    var expected = reserved(stocked(new Inventory(database())));
    releasePoll().forEach(expected::handle);
    var database = database();
    var batched = reserved(stocked(new Inventory(database)));
    var rival = new Inventory(database);
    // Another attempt claims o-4 for its release, and dies before it steps anything.
    batched.store.beforeClaimAll =
        () -> rival.store.claim(rival.store.find("o-4").orElseThrow(), ReservationStatus.RELEASING);

    batched.consume(releasePoll());

    assertThat(batched.settled()).isEqualTo(expected.settled());
    assertThat(batched.levels("A")).isEqualTo(List.of(5, 1, 4, Map.of()));
    assertThat(batched.outcomes()).isEqualTo(expected.outcomes());
  }

  @Test
  void a_release_with_a_sku_another_writer_changed_is_made_on_its_own_without_counting_twice() {
    var database = database();
    var batched = stocked(new Inventory(database));
    batched.consume(
        List.of(placed("o-1", line("A", 2), line("B", 1)), placed("o-2", line("A", 1))));
    var other = new Inventory(database);
    batched.stock.beforeApplyAll = () -> other.stock.setOnHand("B", 10);

    batched.consume(List.of(cancelled("o-1"), cancelled("o-2")));

    // A's write landed with both releases and their markers; B's lost, so o-1 went on its own,
    // claimed its reservation anew and took its step on A over without moving A's units again.
    assertThat(batched.levels("A")).isEqualTo(List.of(5, 0, 5, Map.of()));
    assertThat(batched.levels("B")).isEqualTo(List.of(10, 0, 10, Map.of()));
    assertThat(batched.reservation("o-1").getList("outbox", Document.class))
        .extracting(entry -> entry.getString("type"))
        .containsExactly("StockReserved", "StockReleased");
    assertThat(batched.outcomes())
        .isEqualTo(Map.of("OrderPlaced/reserved", 2.0, "OrderCancelled/released", 2.0));
  }

  /** Reserves the orders {@link #releasePoll} releases, in one poll. */
  Inventory reserved(Inventory inventory) {
    inventory.consume(
        List.of(
            placed("o-1", line("A", 2), line("B", 1)),
            placed("o-2", line("A", 1)),
            placed("o-3", line("C", 5)),
            placed("o-4", line("A", 1), line("D", 1)),
            placed("o-5", line("D", 2))));
    return inventory;
  }

  /**
   * Releases of reserved orders that share a sku (o-1, o-4 on A; one a rejection), of one that
   * failed (o-3), of one never placed (o-9, a tombstone on its own), and an order placed and
   * cancelled in the same poll (o-6).
   */
  static List<OrderEvent> releasePoll() {
    return List.of(
        cancelled("o-1"),
        cancelled("o-3"),
        new OrderRejected("o-4", 3, MongoSlice.NOW.plusSeconds(2), RejectionReason.TIMEOUT),
        cancelled("o-9"),
        placed("o-6", line("D", 3)),
        cancelled("o-6"),
        new OrderConfirmed("o-5", 3, MongoSlice.NOW));
  }

  /** The releases of {@code poll} the listener would take in a batch. */
  static List<OrderEventHandler.Releasing> releasing(List<OrderEvent> poll) {
    return poll.stream()
        .filter(e -> e instanceof OrderCancelled || e instanceof OrderRejected)
        .filter(e -> poll.stream().filter(o -> o.orderId().equals(e.orderId())).count() == 1)
        .map(e -> new OrderEventHandler.Releasing(e, TRACE))
        .toList();
  }

  /**
   * Orders that share skus (o-1, o-2, o-4 on A), a shortage made by an order before it in the poll
   * (o-3 on C), a sku never stocked (o-8), a redelivery of an order reserved in an earlier poll
   * (o-0), a duplicate in the poll (o-5), an order placed and cancelled in the same poll (o-6), a
   * cancel of an earlier order (o-0), a confirmation. The orders the batch leaves to the per-record
   * path do not compete with it for stock (D), so that the outcomes do not depend on which of two
   * orders came first.
   */
  static List<OrderEvent> mixedPoll() {
    return List.of(
        placed("o-1", line("A", 2), line("B", 1)),
        placed("o-2", line("A", 2), line("C", 1)),
        placed("o-0", line("D", 1)),
        placed("o-3", line("B", 2), line("C", 1)),
        placed("o-5", line("D", 2)),
        placed("o-4", line("A", 1), line("B", 1)),
        placed("o-5", line("D", 2)),
        new OrderConfirmed("o-9", 3, MongoSlice.NOW),
        placed("o-6", line("D", 3)),
        cancelled("o-6"),
        cancelled("o-0"),
        placed("o-7", line("A", 1)),
        placed("o-8", line("E", 1)));
  }

  /** The placed orders of {@code poll} the listener would take in a batch. */
  static List<OrderEventHandler.Placed> firstDeliveries(List<OrderEvent> poll) {
    return poll.stream()
        .filter(OrderPlaced.class::isInstance)
        .map(OrderPlaced.class::cast)
        .filter(p -> poll.stream().filter(e -> e.orderId().equals(p.orderId())).count() == 1)
        .map(p -> new OrderEventHandler.Placed(p, TRACE))
        .toList();
  }

  static OrderPlaced placed(String orderId, OrderLine... lines) {
    var total =
        Arrays.stream(lines).map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new OrderPlaced(orderId, 1, MongoSlice.NOW, "c-1", List.of(lines), total);
  }

  static OrderCancelled cancelled(String orderId) {
    return new OrderCancelled(
        orderId, 2, MongoSlice.NOW.plusSeconds(1), CancellationReason.CUSTOMER_REQUEST);
  }

  static OrderLine line(String sku, int quantity) {
    return new OrderLine(sku, quantity, BigDecimal.ONE);
  }

  static String database() {
    return "batch-" + UUID.randomUUID();
  }

  Inventory stocked(Inventory inventory) {
    STOCK.forEach(inventory.stock::setOnHand);
    return inventory;
  }

  static final class Crash extends RuntimeException {
    Crash() {
      super("crashed");
    }
  }

  /** The process dying: nothing in it catches this. */
  static final class Died extends Error {
    Died() {
      super("died");
    }
  }

  /**
   * The reservation store of a process that dies before its batch's finishes are stored, or whose
   * finishes meet another attempt before or after they are written.
   */
  static final class CrashingStore extends ReservationStore {

    boolean crashOnFinish;
    boolean crashAfterClaims;
    Runnable beforeClaimAll = () -> {};
    Runnable beforeFinishAll = () -> {};
    Runnable beforeLosers = () -> {};

    CrashingStore(MongoTemplate mongo, EventJson json, OutboxRelay relay, Clock clock) {
      super(mongo, json, relay, clock);
    }

    @Override
    boolean claimAll(List<Reservation> seen, ReservationStatus status) {
      beforeClaimAll.run();
      var all = super.claimAll(seen, status);
      if (crashAfterClaims) {
        throw new Crash();
      }
      return all;
    }

    @Override
    Set<Integer> finishAll(List<Finish> finishes) {
      if (crashOnFinish) {
        throw new Crash();
      }
      beforeFinishAll.run();
      return super.finishAll(finishes);
    }

    @Override
    Set<Integer> losers(List<Finish> finishes) {
      beforeLosers.run();
      return super.losers(finishes);
    }
  }

  /**
   * The stock of a process that dies before its markers are removed, fails to remove them, or meets
   * another writer.
   */
  static final class CrashingStock extends Stock {

    boolean crashOnClear;
    boolean contendedOnClear;
    Runnable beforeApplyAll = () -> {};

    CrashingStock(MongoTemplate mongo, StockLevelOutbox outbox, Clock clock, Clearing clearing) {
      super(mongo, outbox, clock, clearing);
    }

    @Override
    public Set<String> applyAll(List<Steps> batch) {
      beforeApplyAll.run();
      return super.applyAll(batch);
    }

    @Override
    public void clearMarkersAll(Map<String, List<StockStep>> bySku) {
      if (crashOnClear) {
        throw new Died();
      }
      if (contendedOnClear) {
        throw new ContentionException(CompareAndSet.Contended.of("stock", "A"), 5);
      }
      super.clearMarkersAll(bySku);
    }
  }

  /** One inventory-service process, wired as the application wires it, on {@code database}. */
  final class Inventory {

    final MongoTemplate mongo;
    final Clock clock = Clock.fixed(MongoSlice.NOW, ZoneOffset.UTC);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CrashingStore store;
    final CrashingStock stock;
    final OrderEventHandler handler;
    final OrderEventsListener listener;
    long offset;

    Inventory(String database) {
      this(database, Stock.Clearing.AT_ONCE);
    }

    Inventory(String database, Stock.Clearing clearing) {
      mongo = server.template(database);
      var json = new EventJson();
      var relay =
          new OutboxRelay(
              batch -> true,
              lock -> Optional.empty(),
              new OutboxProperties(
                  500, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10), 1_000),
              "inventory-service",
              clock,
              meters,
              TraceContext.none());
      store = new CrashingStore(mongo, json, relay, clock);
      stock = new CrashingStock(mongo, new StockLevelOutbox(mongo, json, relay), clock, clearing);
      opened.add(stock);
      var reservations = new StockReservations(store, stock, clock);
      handler =
          new CountedOutcomes(
              OrderEventHandling.core(
                  reservations,
                  new BatchReservations(store, stock),
                  new BatchReleases(store, stock)),
              meters);
      // The slow-consumer fault registered and off: every poll handled at once.
      var slowConsumer =
          new SlowConsumer(
              new Faults(meters, clock),
              SlowdownPolicy.within(SlowdownPolicy.DEFAULT_MAX_POLL_INTERVAL),
              List::of);
      listener = new OrderEventsListener(handler, new BatchConsumption(), slowConsumer);
    }

    void handle(OrderEvent event) {
      handler.handle(event);
    }

    /** Delivers {@code events} to the listener as one poll. */
    void consume(List<OrderEvent> events) {
      var records = new ArrayList<ConsumerRecord<String, Object>>();
      for (var event : events) {
        var record =
            new ConsumerRecord<String, Object>(
                Topics.Names.ORDER_EVENTS, 0, offset++, event.orderId(), event);
        record.headers().add(BatchRecord.TRACEPARENT, TRACE.getBytes(StandardCharsets.UTF_8));
        records.add(record);
      }
      listener.on(records);
    }

    Document reservation(String orderId) {
      return mongo
          .getCollection(ReservationStore.COLLECTION)
          .find(new Document("_id", orderId))
          .first();
    }

    /** onHand, reserved, available, markers. */
    List<Object> levels(String sku) {
      var stock = mongo.getCollection("stock").find(new Document("_id", sku)).first();
      return List.of(
          stock.getInteger("onHand"),
          stock.getInteger("reserved"),
          stock.getInteger("available"),
          Map.copyOf(stock.get("pendingOps", Document.class)));
    }

    /**
     * Every sku's levels and markers, every reservation's status, lines and stored announcements
     * (type and payload): all but versions, which count writes, and event ids.
     */
    Map<String, Object> snapshot() {
      var snapshot = new TreeMap<String, Object>();
      mongo
          .getCollection("stock")
          .find()
          .forEach(
              stock -> snapshot.put("stock " + stock.get("_id"), levels(stock.getString("_id"))));
      mongo
          .getCollection(ReservationStore.COLLECTION)
          .find()
          .forEach(reservation ->
              snapshot.put(
                  "reservation " + reservation.get("_id"),
                  List.of(
                      reservation.getString("status"),
                      reservation.get("lines"),
                      reservation.getList("outbox", Document.class).stream()
                          .map(entry -> entry.getString("type") + " " + entry.getString("payload"))
                          .toList())));
      return snapshot;
    }

    /**
     * {@link #snapshot} without the figures a shortage names. Once a batch failed half-way, its
     * orders are completed one at a time on stock that holds the units of every order of the batch
     * that stepped before the failure, so a shortage may name more than one record at a time would
     * have named: the same as when two orders arrive the other way round.
     */
    Map<String, Object> settled() {
      var settled = new TreeMap<String, Object>();
      snapshot()
          .forEach((key, value) ->
              settled.put(
                  key,
                  value instanceof List<?> reservation
                          && reservation.get(0) instanceof String status
                      ? List.of(
                          status,
                          ((List<?>) reservation.get(2))
                              .stream().map(entry -> ((String) entry).split(" ")[0]).toList())
                      : value));
      return settled;
    }

    /** The outcome counter, by event and outcome. */
    Map<String, Double> outcomes() {
      var counts = new TreeMap<String, Double>();
      meters.find("inventory.reservation.outcomes").counters().stream()
          .filter(counter -> counter.count() > 0) // every outcome is there at 0 from the start
          .forEach((Counter counter) ->
              counts.put(
                  counter.getId().getTag("event") + "/" + counter.getId().getTag("outcome"),
                  counter.count()));
      return counts;
    }
  }
}
