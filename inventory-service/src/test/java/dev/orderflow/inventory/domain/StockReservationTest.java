package dev.orderflow.inventory.domain;

import static dev.orderflow.inventory.domain.ReservationStatus.FAILED;
import static dev.orderflow.inventory.domain.ReservationStatus.RELEASED;
import static dev.orderflow.inventory.domain.ReservationStatus.RELEASING;
import static dev.orderflow.inventory.domain.ReservationStatus.RESERVED;
import static dev.orderflow.inventory.domain.ReservationStatus.RESERVING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.inventory.domain.ReservationCommand.Release;
import dev.orderflow.inventory.domain.ReservationCommand.Reserve;
import dev.orderflow.inventory.domain.StockReservation.Decision;
import dev.orderflow.inventory.domain.StockReservation.Decision.Claimed;
import dev.orderflow.inventory.domain.StockReservation.Decision.Ended;
import dev.orderflow.inventory.domain.StockReservation.Decision.Finished;
import dev.orderflow.inventory.domain.StockReservation.Decision.LetGo;
import dev.orderflow.inventory.domain.StockReservation.Decision.MarkerCleared;
import dev.orderflow.inventory.domain.StockReservation.Decision.Started;
import dev.orderflow.inventory.domain.StockReservation.Decision.Stepped;
import dev.orderflow.inventory.domain.StockReservation.State;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The reservation decider as its specification: given the reservation and the stock as a handler
 * read them, when a command arrives, then these writes, this announcement, this outcome, and the
 * stock they leave.
 */
class StockReservationTest {

  static final String ORDER = "o-1";
  static final Instant AT = Instant.parse("2026-01-01T10:00:00Z");
  static final StockLine A2 = new StockLine("A", 2);
  static final StockLine B1 = new StockLine("B", 1);

  @Nested
  class Reserving {

    @Test
    void an_order_whose_lines_are_all_in_stock_is_reserved_line_by_line_then_announced() {
      given(noReservation())
          .stock("A", 5)
          .stock("B", 5)
          .when(reserve(A2, B1))
          .thenDecides(
              new Started(Reservation.started(ORDER, List.of(A2, B1))),
              new Stepped("A", StockStep.reserve(ORDER, 1, 2)),
              new Stepped("B", StockStep.reserve(ORDER, 1, 1)),
              new Finished(
                  Reservation.started(ORDER, List.of(A2, B1)),
                  RESERVED,
                  new StockReserved(ORDER, AT, List.of(A2, B1))),
              new MarkerCleared("A", StockStep.reserve(ORDER, 1, 2)),
              new MarkerCleared("B", StockStep.reserve(ORDER, 1, 1)),
              new Ended(ReservationOutcome.RESERVED))
          .thenStock("A", 3, 2)
          .thenStock("B", 4, 1)
          .thenNoMarkers();
    }

    @Test
    void an_order_with_short_lines_reserves_nothing_and_names_every_short_line() {
      given(noReservation())
          .stock("A", 10)
          .stock("B", 1)
          .when(reserve(new StockLine("A", 3), new StockLine("B", 2), new StockLine("C", 1)))
          .thenAnnounces(
              new StockReservationFailed(
                  ORDER,
                  AT,
                  RejectionReason.INSUFFICIENT_STOCK,
                  List.of(new Shortage("B", 2, 1), new Shortage("C", 1, 0))))
          .thenEnds(ReservationOutcome.FAILED)
          .thenStepsNothing()
          .thenStock("A", 10, 0);
    }

    @Test
    void an_order_delivered_again_once_reserved_changes_nothing_but_tidies_its_markers() {
      given(reservation(RESERVED, 2, 1, A2))
          .stock("A", 3, 2)
          .marked("A", "reserve", 1)
          .when(reserve(A2))
          .thenDecides(
              new MarkerCleared("A", StockStep.reserve(ORDER, 1, 2)),
              new Ended(ReservationOutcome.UNCHANGED))
          .thenStock("A", 3, 2)
          .thenNoMarkers();
    }

    @Test
    void an_order_whose_cancel_overtook_it_reserves_nothing() {
      given(Reservation.tombstone(ORDER))
          .stock("A", 5)
          .when(reserve(A2))
          .thenDecides(new Ended(ReservationOutcome.UNCHANGED));
    }

    @Test
    void an_order_found_failed_or_released_is_not_reserved_again() {
      given(reservation(FAILED, 2, 1, A2))
          .stock("A", 5)
          .when(reserve(A2))
          .thenDecides(new Ended(ReservationOutcome.UNCHANGED));
      given(reservation(RELEASED, 4, 3, A2))
          .stock("A", 5)
          .when(reserve(A2))
          .thenDecides(new Ended(ReservationOutcome.UNCHANGED));
    }
  }

  @Nested
  class Releasing {

    @Test
    void a_reserved_order_is_claimed_for_release_given_back_and_announced() {
      var reserved = reservation(RESERVED, 2, 1, A2);
      given(reserved)
          .stock("A", 3, 2)
          .when(release())
          .thenDecides(
              new Claimed(reserved, RELEASING),
              new Stepped("A", StockStep.release(ORDER, 3, 2)),
              new Finished(
                  reservation(RELEASING, 3, 3, A2),
                  RELEASED,
                  new StockReleased(ORDER, AT, List.of(A2))),
              new MarkerCleared("A", StockStep.release(ORDER, 3, 2)),
              new Ended(ReservationOutcome.RELEASED))
          .thenStock("A", 5, 0)
          .thenNoMarkers();
    }

    @Test
    void a_release_before_the_reservation_leaves_a_tombstone() {
      given(noReservation())
          .when(release())
          .thenDecides(
              new Started(Reservation.tombstone(ORDER)), new Ended(ReservationOutcome.TOMBSTONED));
    }

    @Test
    void a_release_after_a_failed_reservation_gives_nothing_back() {
      given(reservation(FAILED, 2, 1, A2))
          .stock("A", 1)
          .when(release())
          .thenDecides(new Ended(ReservationOutcome.UNCHANGED));
    }

    @Test
    void a_release_delivered_again_changes_nothing_but_tidies_its_markers() {
      given(reservation(RELEASED, 4, 3, A2))
          .stock("A", 5, 0)
          .marked("A", "release", 3)
          .when(release())
          .thenDecides(
              new MarkerCleared("A", StockStep.release(ORDER, 3, 2)),
              new Ended(ReservationOutcome.UNCHANGED))
          .thenNoMarkers();
    }

    @Test
    void a_release_that_finds_the_reservation_half_way_finishes_it_then_releases_it() {
      given(reservation(RESERVING, 1, 1, A2))
          .stock("A", 3, 2)
          .marked("A", "reserve", 1)
          .when(release())
          .thenAnnounces(
              new StockReserved(ORDER, AT, List.of(A2)), new StockReleased(ORDER, AT, List.of(A2)))
          .thenEnds(ReservationOutcome.RELEASED)
          .thenStock("A", 5, 0)
          .thenNoMarkers();
    }

    @Test
    void a_release_that_finds_another_release_half_way_takes_its_steps_over() {
      given(reservation(RELEASING, 3, 3, A2, B1))
          .stock("A", 5, 0)
          .marked("A", "release", 3)
          .stock("B", 4, 1)
          .when(release())
          .thenDecides(
              new Claimed(reservation(RELEASING, 3, 3, A2, B1), RELEASING),
              // The older attempt's release of A stands; only its marker changes hands.
              new Stepped("A", StockStep.release(ORDER, 4, 2)),
              new Stepped("B", StockStep.release(ORDER, 4, 1)),
              new Finished(
                  reservation(RELEASING, 4, 4, A2, B1),
                  RELEASED,
                  new StockReleased(ORDER, AT, List.of(A2, B1))),
              new MarkerCleared("A", StockStep.release(ORDER, 4, 2)),
              new MarkerCleared("B", StockStep.release(ORDER, 4, 1)),
              new Ended(ReservationOutcome.RELEASED))
          .thenStock("A", 5, 0)
          .thenStock("B", 5, 0);
    }
  }

  @Nested
  class TwoHandlersOfOneOrder {

    @Test
    void a_reservation_left_half_way_is_claimed_anew_and_the_older_attempts_steps_taken_over() {
      var halfWay = reservation(RESERVING, 1, 1, A2, B1);
      given(halfWay)
          .stock("A", 3, 2)
          .marked("A", "reserve", 1)
          .stock("B", 5)
          .when(reserve(A2, B1))
          .thenDecides(
              new Claimed(halfWay, RESERVING),
              new Stepped("A", StockStep.reserve(ORDER, 2, 2)),
              new Stepped("B", StockStep.reserve(ORDER, 2, 1)),
              new Finished(
                  reservation(RESERVING, 2, 2, A2, B1),
                  RESERVED,
                  new StockReserved(ORDER, AT, List.of(A2, B1))),
              new MarkerCleared("A", StockStep.reserve(ORDER, 2, 2)),
              new MarkerCleared("B", StockStep.reserve(ORDER, 2, 1)),
              new Ended(ReservationOutcome.RESERVED))
          .thenStock("A", 3, 2)
          .thenStock("B", 4, 1);
    }

    @Test
    void a_reservation_taken_over_that_comes_up_short_gives_back_what_the_older_attempt_held() {
      given(reservation(RESERVING, 1, 1, A2, new StockLine("B", 3)))
          .stock("A", 3, 2)
          .marked("A", "reserve", 1)
          .stock("B", 1)
          .when(reserve(A2, new StockLine("B", 3)))
          .thenAnnounces(
              new StockReservationFailed(
                  ORDER, AT, RejectionReason.INSUFFICIENT_STOCK, List.of(new Shortage("B", 3, 1))))
          .thenEnds(ReservationOutcome.FAILED)
          .thenStock("A", 5, 0)
          .thenNoMarkers();
    }

    @Test
    void a_handler_whose_claim_was_taken_gives_back_only_the_steps_still_its_own() {
      var mine = reservation(RESERVING, 2, 2, A2, B1);
      given(reservation(RESERVING, 3, 3, A2, B1))
          .claimedBy(mine)
          .stock("A", 3, 2)
          .marked("A", "reserve", 2)
          .stock("B", 4, 1)
          .marked("B", "reserve", 3)
          .when(reserve(A2, B1))
          .thenDecides(
              new Stepped("A", StockStep.unreserve(ORDER, 2, 2)),
              new Ended(ReservationOutcome.SUPERSEDED))
          .thenStock("A", 5, 0)
          .thenStock("B", 4, 1);
    }

    @Test
    void a_handler_that_meets_a_newer_attempts_marker_stops_and_gives_back_its_own() {
      var mine = reservation(RESERVING, 2, 2, A2, B1);
      given(mine)
          .claimedBy(mine)
          .stock("A", 3, 2)
          .marked("A", "reserve", 2)
          .stock("B", 4, 1)
          .marked("B", "reserve", 3)
          .when(reserve(A2, B1))
          .thenDecides(
              new Stepped("A", StockStep.unreserve(ORDER, 2, 2)),
              new Ended(ReservationOutcome.SUPERSEDED));
    }

    @Test
    void a_handler_that_lost_a_write_carries_on_where_it_stopped() {
      var mine = reservation(RESERVING, 1, 1, A2, B1);
      given(mine)
          .claimedBy(mine)
          .stock("A", 3, 2)
          .marked("A", "reserve", 1)
          .stock("B", 5)
          .when(reserve(A2, B1))
          .thenDecides(
              new Stepped("B", StockStep.reserve(ORDER, 1, 1)),
              new Finished(mine, RESERVED, new StockReserved(ORDER, AT, List.of(A2, B1))),
              new MarkerCleared("A", StockStep.reserve(ORDER, 1, 2)),
              new MarkerCleared("B", StockStep.reserve(ORDER, 1, 1)),
              new Ended(ReservationOutcome.RESERVED));
    }

    @Test
    void a_release_whose_claim_was_taken_gives_back_its_own_steps() {
      var mine = reservation(RELEASING, 3, 3, A2, B1);
      given(reservation(RELEASING, 4, 4, A2, B1))
          .claimedBy(mine)
          .stock("A", 5, 0)
          .marked("A", "release", 3)
          .stock("B", 4, 1)
          .when(release())
          .thenDecides(
              new Stepped("A", StockStep.unrelease(ORDER, 3, 2)),
              new Ended(ReservationOutcome.SUPERSEDED))
          .thenStock("A", 3, 2);
    }

    @Test
    void a_release_overtaken_while_finishing_the_reservation_lets_go_and_reads_again() {
      var mine = reservation(RESERVING, 2, 2, A2);
      given(reservation(RESERVING, 3, 3, A2))
          .claimedBy(mine)
          .stock("A", 3, 2)
          .marked("A", "reserve", 2)
          .when(release())
          .thenDecides(new Stepped("A", StockStep.unreserve(ORDER, 2, 2)), new LetGo());
    }
  }

  // The fixture: given what a handler read, when a command, then what it decides.

  static @Nullable Reservation noReservation() {
    return null;
  }

  static Reservation reservation(
      ReservationStatus status, long version, long attempt, StockLine... lines) {
    return new Reservation(ORDER, status, List.of(lines), version, attempt);
  }

  static Reserve reserve(StockLine... lines) {
    return new Reserve(ORDER, List.of(lines), AT);
  }

  static Release release() {
    return new Release(ORDER, AT);
  }

  static Given given(@Nullable Reservation reservation) {
    return new Given(reservation);
  }

  static final class Given {

    private final @Nullable Reservation reservation;
    private final Map<String, StockState> stock = new HashMap<>();
    private @Nullable Reservation claim;

    Given(@Nullable Reservation reservation) {
      this.reservation = reservation;
    }

    /** {@code available} units of {@code sku}, none reserved. */
    Given stock(String sku, int available) {
      return stock(sku, available, 0);
    }

    Given stock(String sku, int available, int reserved) {
      stock.put(sku, new StockState(available + reserved, reserved, available, 1, Map.of()));
      return this;
    }

    /** {@code sku} carries this order's {@code operation} marker, held by {@code attempt}. */
    Given marked(String sku, String operation, long attempt) {
      var before = stock.get(sku);
      var markers = new HashMap<>(before.markers());
      markers.put(operation + ":" + ORDER, attempt);
      stock.put(
          sku,
          new StockState(
              before.onHand(), before.reserved(), before.available(), before.version(), markers));
      return this;
    }

    /** The handler holds {@code claim}, made in an earlier round. */
    Given claimedBy(Reservation claim) {
      this.claim = claim;
      return this;
    }

    Then when(ReservationCommand command) {
      var state = new State(reservation, stock, claim);
      var decisions = StockReservation.decide(command, state);
      for (var decision : decisions) {
        state = StockReservation.evolve(state, decision);
      }
      return new Then(decisions, state);
    }
  }

  record Then(List<Decision> decisions, State state) {

    Then thenDecides(Decision... expected) {
      assertThat(decisions).containsExactly(expected);
      return this;
    }

    Then thenAnnounces(ReservationEvent... expected) {
      assertThat(decisions)
          .filteredOn(Finished.class::isInstance)
          .map(decision -> ((Finished) decision).announcement())
          .containsExactly(expected);
      return this;
    }

    Then thenEnds(ReservationOutcome outcome) {
      assertThat(decisions.getLast()).isEqualTo(new Ended(outcome));
      return this;
    }

    Then thenStepsNothing() {
      assertThat(decisions).noneMatch(Stepped.class::isInstance);
      return this;
    }

    /** What {@code sku} holds once every decision is written. */
    Then thenStock(String sku, int available, int reserved) {
      var stock = state.stock().get(sku);
      assertThat(stock.available()).as("available " + sku).isEqualTo(available);
      assertThat(stock.reserved()).as("reserved " + sku).isEqualTo(reserved);
      return this;
    }

    Then thenNoMarkers() {
      assertThat(state.stock().values()).allSatisfy(stock -> assertThat(stock.markers()).isEmpty());
      return this;
    }
  }
}
