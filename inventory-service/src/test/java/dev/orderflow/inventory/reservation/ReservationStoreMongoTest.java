package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.inventory.MongoSlice;
import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationStatus;
import dev.orderflow.platform.outbox.EmbeddedOutbox;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The reservation documents on the in-process MongoDB server alone: every write after the first is
 * a compare-and-set on the version, and the finish stores its announcement in the same write.
 */
class ReservationStoreMongoTest {

  static final List<StockLine> LINES = List.of(new StockLine("A", 2), new StockLine("B", 1));

  final MongoSlice slice = new MongoSlice();
  final ReservationStore store =
      new ReservationStore(slice.mongo, slice.json, slice.relay, slice.clock);

  @Test
  void a_reservation_is_stored_once_per_order() {
    var started = Reservation.started("o-1", LINES);

    assertThat(store.insert(started)).isTrue();
    assertThat(store.insert(Reservation.tombstone("o-1"))).isFalse();
    assertThat(store.find("o-1")).contains(started);
    assertThat(store.find("o-2")).isEmpty();
  }

  @Test
  void an_order_id_that_looks_like_an_object_id_stays_a_string() {
    var orderId = "65a1b2c3d4e5f6a7b8c9d0e1";
    store.insert(Reservation.started(orderId, LINES));

    assertThat(store.find(orderId)).map(Reservation::orderId).contains(orderId);
  }

  @Test
  void a_claim_moves_the_version_and_makes_it_the_attempt_and_only_one_claim_of_a_version_wins() {
    var started = Reservation.started("o-1", LINES);
    store.insert(started);

    var claimed = store.claim(started, ReservationStatus.RELEASING).orElseThrow();

    assertThat(claimed).isEqualTo(new Reservation("o-1", ReservationStatus.RELEASING, LINES, 2, 2));
    assertThat(store.find("o-1")).contains(claimed);
    assertThat(store.claim(started, ReservationStatus.RESERVING)).isEmpty();
    assertThat(store.stillOwned(claimed)).isTrue();
    assertThat(store.stillOwned(started)).isFalse();
  }

  @Test
  void a_finish_stores_the_status_and_its_announcement_in_one_write_and_hands_it_to_the_relay() {
    var started = Reservation.started("o-1", LINES);
    store.insert(started);
    var reserved = new StockReserved("o-1", MongoSlice.NOW, LINES);

    assertThat(store.finish(started, ReservationStatus.RESERVED, reserved)).isTrue();

    assertThat(store.find("o-1"))
        .contains(new Reservation("o-1", ReservationStatus.RESERVED, LINES, 2, 1));
    assertThat(outboxOf("o-1")).hasSize(1);
    assertThat(slice.relay.queued()).isEqualTo(1);
  }

  @Test
  void a_finish_by_an_attempt_that_lost_its_claim_writes_nothing() {
    var started = Reservation.started("o-1", LINES);
    store.insert(started);
    store.claim(started, ReservationStatus.RESERVING);

    assertThat(
            store.finish(
                started,
                ReservationStatus.RESERVED,
                new StockReserved("o-1", MongoSlice.NOW, LINES)))
        .isFalse();

    assertThat(store.find("o-1").orElseThrow().status()).isEqualTo(ReservationStatus.RESERVING);
    assertThat(outboxOf("o-1")).isEmpty();
    assertThat(slice.relay.queued()).isZero();
  }

  @Test
  void a_batch_of_finishes_is_one_write_and_names_the_ones_another_attempt_claimed_meanwhile() {
    var first = Reservation.started("o-1", LINES);
    var second = Reservation.started("o-2", LINES);
    assertThat(store.insertAll(List.of(first, second, Reservation.tombstone("o-1"))))
        .containsExactly(2);
    store.claim(second, ReservationStatus.RESERVING);

    var lost =
        store.finishAll(
            List.of(
                new ReservationStore.Finish(
                    first,
                    ReservationStatus.RESERVED,
                    new StockReserved("o-1", MongoSlice.NOW, LINES),
                    null),
                new ReservationStore.Finish(
                    second,
                    ReservationStatus.RESERVED,
                    new StockReserved("o-2", MongoSlice.NOW, LINES),
                    null)));

    assertThat(lost).containsExactly(1);
    assertThat(store.find("o-1"))
        .contains(new Reservation("o-1", ReservationStatus.RESERVED, LINES, 2, 1));
    assertThat(store.find("o-2").orElseThrow().status()).isEqualTo(ReservationStatus.RESERVING);
    assertThat(outboxOf("o-2")).isEmpty();
    assertThat(slice.relay.queued()).isEqualTo(1);
  }

  @Test
  void
      the_backlog_counts_the_announcements_stored_before_the_grace_and_unpublished_at_most_the_limit() {
    var outbox =
        new EmbeddedOutbox(
            ReservationStore.COLLECTION, slice.mongo, slice.json, slice.relay, slice.clock);
    for (var orderId : List.of("o-1", "o-2", "o-3")) {
      var started = Reservation.started(orderId, LINES);
      store.insert(started);
      store.finish(
          started, ReservationStatus.RESERVED, new StockReserved(orderId, MongoSlice.NOW, LINES));
    }

    // Stored at NOW: younger than a grace that ends at NOW, in flight, not counted.
    assertThat(outbox.countUnpublished(MongoSlice.NOW, 100)).isZero();
    var later = MongoSlice.NOW.plusSeconds(60);
    assertThat(outbox.countUnpublished(later, 100)).isEqualTo(3);
    assertThat(outbox.countUnpublished(later, 2)).isEqualTo(2);
    outbox.markPublished(outbox.findUnpublished(later, 100));
    assertThat(outbox.countUnpublished(later, 100)).isZero();
  }

  private List<Document> outboxOf(String orderId) {
    return slice
        .mongo
        .getCollection(ReservationStore.COLLECTION)
        .find(new Document("_id", orderId))
        .first()
        .getList(EmbeddedOutbox.FIELD, Document.class);
  }
}
