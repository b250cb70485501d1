package dev.orderflow.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.model.BulkWriteOptions;
import dev.orderflow.inventory.MongoSlice;
import dev.orderflow.inventory.domain.StepOutcome;
import dev.orderflow.inventory.domain.StockStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** {@link Stock} on the in-process MongoDB server alone: no broker, no application context. */
class StockMongoTest {

  final MongoSlice slice = new MongoSlice();
  final StockLevelOutbox outbox = new StockLevelOutbox(slice.mongo, slice.json, slice.relay);
  final Stock stock = new Stock(slice.mongo, outbox, slice.clock);

  @Test
  void setting_stock_creates_the_sku_at_version_1_and_announces_it() {
    assertThat(stock.setOnHand("SKU-1", 10)).isEqualTo(new StockLevels("SKU-1", 10, 0, 10, 1));

    assertThat(stock.levels("SKU-1")).contains(new StockLevels("SKU-1", 10, 0, 10, 1));
    assertThat(slice.relay.queued()).isEqualTo(1);
  }

  @Test
  void the_backlog_counts_the_skus_whose_levels_are_not_yet_published_at_most_the_limit() {
    stock.setOnHand("SKU-1", 10);
    stock.setOnHand("SKU-2", 5);
    stock.setOnHand("SKU-1", 12);

    // Changed now: younger than a grace that ends now, in flight, not counted.
    assertThat(outbox.countUnpublished(slice.clock.instant(), 100)).isZero();
    var later = slice.clock.instant().plusSeconds(60);
    assertThat(outbox.countUnpublished(later, 100)).isEqualTo(2);
    assertThat(outbox.countUnpublished(later, 1)).isEqualTo(1);
    outbox.markPublished(outbox.findUnpublished(later, 100));
    assertThat(outbox.countUnpublished(later, 100)).isZero();
  }

  @Test
  void setting_the_same_count_again_writes_and_announces_nothing() {
    stock.setOnHand("SKU-1", 10);

    assertThat(stock.setOnHand("SKU-1", 10)).isEqualTo(new StockLevels("SKU-1", 10, 0, 10, 1));
    assertThat(slice.relay.queued()).isEqualTo(1);
  }

  @Test
  void setting_stock_keeps_what_is_reserved_and_refuses_to_go_below_it() {
    stock.setOnHand("SKU-1", 10);
    stock.apply("SKU-1", StockStep.reserve("o-1", 1, 4));

    assertThat(stock.setOnHand("SKU-1", 6)).isEqualTo(new StockLevels("SKU-1", 6, 4, 2, 3));
    assertThatThrownBy(() -> stock.setOnHand("SKU-1", 3))
        .isInstanceOf(OnHandBelowReservedException.class)
        .hasMessageContaining("4 units are reserved");
    assertThat(stock.levels("SKU-1")).contains(new StockLevels("SKU-1", 6, 4, 2, 3));
  }

  @Test
  void a_step_moves_units_and_leaves_its_marker_in_the_same_write() {
    stock.setOnHand("SKU-1", 10);

    assertThat(stock.apply("SKU-1", StockStep.reserve("o-1", 2, 3))).isEqualTo(StepOutcome.DONE);

    var state = stock.read("SKU-1").orElseThrow();
    assertThat(state.available()).isEqualTo(7);
    assertThat(state.reserved()).isEqualTo(3);
    assertThat(state.markers()).isEqualTo(Map.of("reserve:o-1", 2L));
    assertThat(slice.relay.queued()).isEqualTo(2);
  }

  @Test
  void a_step_repeated_is_done_already_and_moves_nothing() {
    stock.setOnHand("SKU-1", 10);
    stock.apply("SKU-1", StockStep.reserve("o-1", 1, 3));

    assertThat(stock.apply("SKU-1", StockStep.reserve("o-1", 1, 3))).isEqualTo(StepOutcome.DONE);
    assertThat(stock.levels("SKU-1")).contains(new StockLevels("SKU-1", 10, 3, 7, 2));
  }

  @Test
  void a_step_the_stock_cannot_cover_writes_nothing() {
    stock.setOnHand("SKU-1", 2);

    assertThat(stock.apply("SKU-1", StockStep.reserve("o-1", 1, 3)))
        .isEqualTo(new StepOutcome.Short(2));
    assertThat(stock.apply("NEVER", StockStep.reserve("o-1", 1, 1)))
        .isEqualTo(new StepOutcome.Short(0));
    assertThat(stock.levels("SKU-1")).contains(new StockLevels("SKU-1", 2, 0, 2, 1));
  }

  @Test
  void clearing_a_marker_keeps_levels_and_version_and_only_removes_its_own_attempts() {
    stock.setOnHand("SKU-1", 10);
    stock.apply("SKU-1", StockStep.reserve("o-1", 2, 3));

    stock.clearMarker("SKU-1", StockStep.reserve("o-1", 1, 3));
    assertThat(stock.read("SKU-1").orElseThrow().markers()).containsKey("reserve:o-1");

    stock.clearMarker("SKU-1", StockStep.reserve("o-1", 2, 3));
    var state = stock.read("SKU-1").orElseThrow();
    assertThat(state.markers()).isEmpty();
    assertThat(state.version()).isEqualTo(2);
    assertThat(state.reserved()).isEqualTo(3);
  }

  @Test
  void what_this_process_read_or_wrote_last_is_remembered_and_nothing_else() {
    var otherInstance = new Stock(slice.mongo, outbox, slice.clock);
    otherInstance.setOnHand("SKU-1", 10);
    assertThat(stock.remembered("SKU-1")).isEmpty();

    var read = stock.read("SKU-1");
    assertThat(read).isPresent();
    assertThat(stock.remembered("SKU-1")).isEqualTo(read);

    stock.apply("SKU-1", StockStep.reserve("o-1", 1, 3));
    assertThat(stock.remembered("SKU-1")).isEqualTo(stock.read("SKU-1"));
    assertThat(stock.remembered("SKU-1").orElseThrow().reserved()).isEqualTo(3);

    assertThat(stock.read("NEVER")).isEmpty();
    assertThat(stock.remembered("NEVER")).isEmpty();
    assertThat(stock.levels("NEVER")).isEmpty();
  }

  @Test
  void a_batch_writes_each_sku_once_with_the_summed_units_and_every_marker_and_announces_it_once() {
    stock.setOnHand("SKU-1", 10);
    stock.setOnHand("SKU-2", 10);
    var read = stock.readAll(List.of("SKU-1", "SKU-2", "SKU-3"));
    assertThat(read).containsOnlyKeys("SKU-1", "SKU-2");

    var lost =
        stock.applyAll(
            List.of(
                new Stock.Steps(
                    "SKU-1",
                    read.get("SKU-1"),
                    List.of(StockStep.reserve("o-1", 1, 3), StockStep.reserve("o-2", 1, 4))),
                new Stock.Steps(
                    "SKU-2", read.get("SKU-2"), List.of(StockStep.reserve("o-1", 1, 1)))));

    assertThat(lost).isEmpty();
    assertThat(stock.levels("SKU-1")).contains(new StockLevels("SKU-1", 10, 7, 3, 2));
    assertThat(stock.read("SKU-1").orElseThrow().markers())
        .isEqualTo(Map.of("reserve:o-1", 1L, "reserve:o-2", 1L));
    assertThat(slice.relay.queued()).isEqualTo(4);
  }

  @Test
  void a_batch_names_the_skus_another_writer_changed_since_they_were_read_and_leaves_them_alone() {
    stock.setOnHand("SKU-1", 10);
    stock.setOnHand("SKU-2", 10);
    var read = stock.readAll(List.of("SKU-1", "SKU-2"));
    new Stock(slice.mongo, outbox, slice.clock).setOnHand("SKU-2", 20);

    var lost =
        stock.applyAll(
            List.of(
                new Stock.Steps(
                    "SKU-1", read.get("SKU-1"), List.of(StockStep.reserve("o-1", 1, 3))),
                new Stock.Steps(
                    "SKU-2", read.get("SKU-2"), List.of(StockStep.reserve("o-1", 1, 1)))));

    assertThat(lost).containsExactly("SKU-2");
    assertThat(stock.levels("SKU-1")).contains(new StockLevels("SKU-1", 10, 3, 7, 2));
    assertThat(stock.levels("SKU-2")).contains(new StockLevels("SKU-2", 20, 0, 20, 2));
    // Three settings, SKU-1 at the version written, and SKU-2 as read again: it is past the version
    // read (a write counted lost may have landed, its markers taken over since).
    assertThat(slice.relay.queued()).isEqualTo(5);
    assertThatThrownBy(() ->
            stock.applyAll(
                List.of(
                    new Stock.Steps(
                        "SKU-2",
                        stock.read("SKU-2").orElseThrow(),
                        List.of(StockStep.unreserve("o-1", 1, 1))))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void markers_of_a_batch_are_removed_in_one_write_or_one_by_one_once_the_sku_moved_on() {
    stock.setOnHand("SKU-1", 10);
    stock.setOnHand("SKU-2", 10);
    var read = stock.readAll(List.of("SKU-1", "SKU-2"));
    var one = StockStep.reserve("o-1", 1, 1);
    var two = StockStep.reserve("o-2", 1, 1);
    stock.applyAll(
        List.of(
            new Stock.Steps("SKU-1", read.get("SKU-1"), List.of(one, two)),
            new Stock.Steps("SKU-2", read.get("SKU-2"), List.of(one))));
    // Another process changes SKU-2 after the steps: what this one remembers is out of date.
    new Stock(slice.mongo, outbox, slice.clock).setOnHand("SKU-2", 20);

    stock.clearMarkersAll(Map.of("SKU-1", List.of(one, two), "SKU-2", List.of(one)));

    assertThat(stock.read("SKU-1").orElseThrow().markers()).isEmpty();
    assertThat(stock.read("SKU-2").orElseThrow().markers()).isEmpty();
    assertThat(stock.levels("SKU-2")).contains(new StockLevels("SKU-2", 20, 1, 19, 3));
  }

  @Test
  void markers_waiting_go_with_the_next_batch_write_of_their_sku_and_the_rest_at_the_flush() {
    var behind = behind();
    behind.setOnHand("SKU-1", 10);
    behind.setOnHand("SKU-2", 10);
    var one = StockStep.reserve("o-1", 1, 1);
    var read = behind.readAll(List.of("SKU-1", "SKU-2"));
    behind.applyAll(
        List.of(
            new Stock.Steps("SKU-1", read.get("SKU-1"), List.of(one)),
            new Stock.Steps("SKU-2", read.get("SKU-2"), List.of(one))));

    behind.clearMarkersAll(Map.of("SKU-1", List.of(one), "SKU-2", List.of(one)));

    assertThat(behind.markersWaiting()).isEqualTo(2);
    assertThat(behind.read("SKU-1").orElseThrow().markers()).containsOnlyKeys("reserve:o-1");

    var two = StockStep.reserve("o-2", 1, 2);
    var again = behind.readAll(List.of("SKU-1"));
    assertThat(behind.applyAll(List.of(new Stock.Steps("SKU-1", again.get("SKU-1"), List.of(two)))))
        .isEmpty();

    // SKU-1's write moved o-2's units, set its marker and removed o-1's; SKU-2 still waits.
    var sku1 = behind.read("SKU-1").orElseThrow();
    assertThat(sku1.markers()).isEqualTo(Map.of("reserve:o-2", 1L));
    assertThat(sku1.reserved()).isEqualTo(3);
    assertThat(sku1.version()).isEqualTo(3);
    assertThat(behind.markersWaiting()).isEqualTo(1);
    assertThat(behind.read("SKU-2").orElseThrow().markers()).containsOnlyKeys("reserve:o-1");

    behind.flushMarkers();

    assertThat(behind.read("SKU-2").orElseThrow().markers()).isEmpty();
    assertThat(behind.levels("SKU-2")).contains(new StockLevels("SKU-2", 10, 1, 9, 2));
    assertThat(behind.markersWaiting()).isZero();
  }

  @Test
  void a_published_mark_waits_and_goes_in_the_same_update_as_its_skus_markers_removal() {
    var behind = behind();
    reservedAndFinal(behind, "SKU-1", StockStep.reserve("o-1", 1, 1));

    outbox.markPublished(outbox.findUnpublished(LATER, 10));

    // Held with the markers, one entry for the sku; nothing written yet.
    assertThat(behind.markersWaiting()).isOne();
    assertThat(outbox.findUnpublished(LATER, 10)).isNotEmpty();
    behind.flushMarkers();
    var stored = document("SKU-1");
    assertThat(stored.getBoolean(StockDocument.DIRTY)).isFalse();
    assertThat(stored.get(StockDocument.MARKERS, Document.class)).isEmpty();
    assertThat(StockDocument.version(stored)).isEqualTo(2);
    assertThat(outbox.findUnpublished(LATER, 10)).isEmpty();
  }

  @Test
  void a_published_mark_is_needless_once_a_batch_writes_its_sku_again() {
    var behind = behind();
    behind.setOnHand("SKU-1", 10);
    outbox.markPublished(outbox.findUnpublished(LATER, 10));
    assertThat(behind.markersWaiting()).isOne();

    var step = StockStep.reserve("o-1", 1, 1);
    behind.applyAll(
        List.of(new Stock.Steps("SKU-1", behind.read("SKU-1").orElseThrow(), List.of(step))));

    // Taken by the write: the newer levels are announced, and marked in their turn.
    assertThat(behind.markersWaiting()).isZero();
    assertThat(outbox.findUnpublished(LATER, 10))
        .singleElement()
        .satisfies(message -> assertThat(message.documentVersion()).isEqualTo(2));
  }

  @Test
  void a_published_mark_alone_is_written_at_the_flush_and_one_of_levels_written_elsewhere_too() {
    var behind = behind();
    behind.setOnHand("SKU-1", 10);
    // SKU-2's levels were written by another process: this one does not know their version.
    new Stock(slice.mongo, outbox, slice.clock).setOnHand("SKU-2", 5);
    outbox.markPublished(outbox.findUnpublished(LATER, 10));
    assertThat(outbox.findUnpublished(LATER, 10)).hasSize(2);

    behind.flushMarkers();

    assertThat(outbox.findUnpublished(LATER, 10)).isEmpty();
    assertThat(behind.levels("SKU-1")).contains(new StockLevels("SKU-1", 10, 0, 10, 1));
  }

  @Test
  void a_published_mark_of_levels_that_moved_on_since_writes_nothing() {
    var behind = behind();
    behind.setOnHand("SKU-1", 10);
    var published = outbox.findUnpublished(LATER, 10);
    behind.setOnHand("SKU-1", 12);

    outbox.markPublished(published);
    behind.flushMarkers();

    assertThat(outbox.findUnpublished(LATER, 10))
        .singleElement()
        .satisfies(message -> assertThat(message.documentVersion()).isEqualTo(2));
  }

  @Test
  void a_waiting_marker_another_attempt_took_over_stays_and_is_no_longer_waited_for() {
    var behind = behind();
    reservedAndFinal(behind, "SKU-1", StockStep.reserve("o-1", 1, 1));
    // A newer attempt at o-1, in another process, takes the marker over.
    new Stock(slice.mongo, outbox, slice.clock).apply("SKU-1", StockStep.reserve("o-1", 2, 1));

    var next = StockStep.reserve("o-2", 1, 1);
    behind.applyAll(
        List.of(new Stock.Steps("SKU-1", behind.read("SKU-1").orElseThrow(), List.of(next))));

    assertThat(behind.read("SKU-1").orElseThrow().markers())
        .isEqualTo(Map.of("reserve:o-1", 2L, "reserve:o-2", 1L));
    assertThat(behind.markersWaiting()).isZero();
  }

  @Test
  void the_markers_of_a_batch_write_that_lost_wait_on_and_closing_removes_them() {
    var behind = behind();
    reservedAndFinal(behind, "SKU-1", StockStep.reserve("o-1", 1, 1));
    var read = behind.read("SKU-1").orElseThrow();
    new Stock(slice.mongo, outbox, slice.clock).setOnHand("SKU-1", 20);

    var lost =
        behind.applyAll(
            List.of(new Stock.Steps("SKU-1", read, List.of(StockStep.reserve("o-2", 1, 1)))));

    assertThat(lost).containsExactly("SKU-1");
    assertThat(behind.markersWaiting()).isEqualTo(1);
    assertThat(behind.read("SKU-1").orElseThrow().markers()).containsOnlyKeys("reserve:o-1");

    behind.close();

    assertThat(behind.read("SKU-1").orElseThrow().markers()).isEmpty();
    assertThat(behind.markersWaiting()).isZero();
  }

  @Test
  void the_markers_of_a_batch_write_that_failed_outright_wait_on_for_the_next_removal() {
    var documents = spy(slice.mongo.getCollection(StockDocument.COLLECTION));
    var mongo = spy(slice.mongo);
    doReturn(documents).when(mongo).getCollection(StockDocument.COLLECTION);
    var behind = behind(mongo, Duration.ofHours(1));
    reservedAndFinal(behind, "SKU-1", StockStep.reserve("o-1", 1, 1));
    var read = behind.read("SKU-1").orElseThrow();
    doThrow(new MongoSocketReadException("connection reset", new ServerAddress()))
        .doCallRealMethod()
        .when(documents)
        .bulkWrite(anyList(), any(BulkWriteOptions.class));

    assertThatThrownBy(() ->
            behind.applyAll(
                List.of(new Stock.Steps("SKU-1", read, List.of(StockStep.reserve("o-2", 1, 1))))))
        .isInstanceOf(MongoSocketReadException.class);

    // Whether the write landed is not known: o-1's marker, which it was to remove, still waits.
    assertThat(behind.markersWaiting()).isEqualTo(1);
    assertThat(behind.read("SKU-1").orElseThrow().markers()).containsOnlyKeys("reserve:o-1");

    behind.flushMarkers();

    assertThat(behind.read("SKU-1").orElseThrow().markers()).isEmpty();
    assertThat(behind.markersWaiting()).isZero();
  }

  @Test
  void the_flusher_removes_markers_no_batch_writes_within_its_interval() {
    var behind = behind(Duration.ofMillis(20));

    reservedAndFinal(behind, "SKU-1", StockStep.reserve("o-1", 1, 1));

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(behind.read("SKU-1").orElseThrow().markers()).isEmpty());
  }

  final List<Stock> opened = new ArrayList<>();

  /** Past the sweep grace of every change made at the slice's fixed time. */
  static final Instant LATER = MongoSlice.NOW.plusSeconds(60);

  private Document document(String sku) {
    return Objects.requireNonNull(
        slice.mongo.getCollection(StockDocument.COLLECTION).find(StockDocument.byId(sku)).first());
  }

  /**
   * {@code sku} stocked with 10, {@code step} written by a batch and its reservation final: its
   * marker waits to be removed.
   */
  static void reservedAndFinal(Stock stock, String sku, StockStep step) {
    stock.setOnHand(sku, 10);
    stock.applyAll(List.of(new Stock.Steps(sku, stock.read(sku).orElseThrow(), List.of(step))));
    stock.clearMarkersAll(Map.of(sku, List.of(step)));
  }

  /** Stock whose markers wait for a batch write or an explicit flush. */
  Stock behind() {
    return behind(Duration.ofHours(1));
  }

  /** Stock whose markers wait for a batch write or {@code interval}. */
  Stock behind(Duration interval) {
    return behind(slice.mongo, interval);
  }

  /** Stock on {@code mongo} whose markers wait for a batch write or {@code interval}. */
  Stock behind(MongoTemplate mongo, Duration interval) {
    var behind =
        new Stock(
            mongo, outbox, slice.clock, new Stock.Clearing(interval, 100, () -> {}, () -> {}));
    opened.add(behind);
    return behind;
  }

  @AfterEach
  void close() {
    opened.forEach(Stock::close);
  }
}
