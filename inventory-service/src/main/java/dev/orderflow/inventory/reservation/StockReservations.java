package dev.orderflow.inventory.reservation;

import static dev.orderflow.inventory.reservation.ReservationStatus.FAILED;
import static dev.orderflow.inventory.reservation.ReservationStatus.RELEASED;
import static dev.orderflow.inventory.reservation.ReservationStatus.RELEASING;
import static dev.orderflow.inventory.reservation.ReservationStatus.RESERVED;
import static dev.orderflow.inventory.reservation.ReservationStatus.RESERVING;

import dev.orderflow.events.OrderLine;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.inventory.stock.StepOutcome;
import dev.orderflow.inventory.stock.Stock;
import dev.orderflow.inventory.stock.StockLevels;
import dev.orderflow.inventory.stock.StockStep;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Reserves all lines of an order or none, and releases a reservation exactly once, with no
 * transaction: one conditional single-document write at a time.
 *
 * <p>Reserve: create the reservation ({@code RESERVING}, claimed by attempt 1), step each sku, then
 * finish it as {@code RESERVED} with {@code StockReserved} in the same write. A sku that cannot
 * cover its line stops the walk: the steps already made are taken back, then the reservation
 * finishes as {@code FAILED} with {@code StockReservationFailed}. Release: claim a {@code RESERVED}
 * reservation as {@code RELEASING} (one claim wins), step each sku back, finish as {@code RELEASED}
 * with {@code StockReleased}.
 *
 * <p>Whoever finds a reservation half-way ({@code RESERVING} or {@code RELEASING}: a crash, or a
 * record handled twice at once) claims it anew and carries on; its steps recognise what was done
 * before. The previous owner, if still running, can no longer finish and gives back whatever is
 * still marked as its own. Stock is never oversold, because every step checks and changes one sku's
 * levels in one compare-and-set.
 */
@Service
public class StockReservations {

  private static final Logger log = LoggerFactory.getLogger(StockReservations.class);

  /** Each lost round means another handler of the same order got a write through. */
  static final int ROUNDS = 20;

  private final ReservationStore reservations;
  private final Stock stock;
  private final Clock clock;

  StockReservations(ReservationStore reservations, Stock stock, Clock clock) {
    this.reservations = reservations;
    this.stock = stock;
    this.clock = clock;
  }

  /**
   * Reserves every line of the order, or none. Safe to repeat: a reservation is made once per
   * order, and an order released (or cancelled) before it arrives here reserves nothing.
   *
   * @throws UnreservableOrderException for lines no retry can reserve
   */
  public ReservationOutcome reserve(String orderId, List<OrderLine> orderLines) {
    var lines = ReservationLines.of(orderLines);
    for (int round = 1; round <= ROUNDS; round++) {
      var started = reservations.start(orderId, lines);
      if (started.isPresent()) {
        return complete(started.get());
      }
      var found = reservations.find(orderId);
      if (found.isEmpty()) {
        continue;
      }
      var reservation = found.get();
      switch (reservation.status()) {
        case RESERVING -> {
          var claimed = reservations.claim(reservation, RESERVING);
          if (claimed.isPresent()) {
            return complete(claimed.get());
          }
        }
        case RESERVED -> {
          // A redelivery: finish the tidying up in case the first delivery stopped before it.
          clearMarkers(reservation, StockStep.Kind.RESERVE);
          return ReservationOutcome.UNCHANGED;
        }
        case FAILED, RELEASING, RELEASED, CANCELLED_BEFORE_RESERVATION -> {
          return ReservationOutcome.UNCHANGED;
        }
      }
    }
    throw new ReservationBusyException(orderId, ROUNDS);
  }

  /**
   * Gives back what the order holds, exactly once. With no reservation yet, leaves a tombstone so
   * that a late {@code OrderPlaced} reserves nothing; a reservation still being made is finished
   * first, then released.
   */
  public ReservationOutcome release(String orderId) {
    for (int round = 1; round <= ROUNDS; round++) {
      var found = reservations.find(orderId);
      if (found.isEmpty()) {
        if (reservations.startTombstone(orderId)) {
          return ReservationOutcome.TOMBSTONED;
        }
        continue;
      }
      var reservation = found.get();
      switch (reservation.status()) {
        case RESERVING -> reservations.claim(reservation, RESERVING).ifPresent(this::complete);
        case RESERVED, RELEASING -> {
          var claimed = reservations.claim(reservation, RELEASING);
          if (claimed.isPresent()) {
            return completeRelease(claimed.get());
          }
        }
        case RELEASED -> {
          clearMarkers(reservation, StockStep.Kind.RELEASE);
          return ReservationOutcome.UNCHANGED;
        }
        case FAILED, CANCELLED_BEFORE_RESERVATION -> {
          return ReservationOutcome.UNCHANGED;
        }
      }
    }
    throw new ReservationBusyException(orderId, ROUNDS);
  }

  private ReservationOutcome complete(Reservation claimed) {
    var orderId = claimed.orderId();
    var lines = claimed.lines();
    var held = new ArrayList<StockLine>();
    for (int i = 0; i < lines.size(); i++) {
      var line = lines.get(i);
      var step = StockStep.reserve(orderId, claimed.attempt(), line.quantity());
      switch (stock.apply(line.sku(), step)) {
        case StepOutcome.Done done -> held.add(line);
        case StepOutcome.Short shortage -> {
          var shortages = shortages(line, shortage.available(), lines.subList(i + 1, lines.size()));
          return fail(claimed, held, shortages);
        }
        case StepOutcome.Superseded superseded -> {
          undoReservation(claimed, held);
          return ReservationOutcome.SUPERSEDED;
        }
        case StepOutcome.NotMine notMine ->
            throw new IllegalStateException("A reserve step is never anyone else's to refuse");
        case StepOutcome.Overdrawn overdrawn ->
            throw new IllegalStateException("A reserve step never overdraws");
      }
    }
    if (!reservations.finish(
        claimed, RESERVED, new StockReserved(orderId, clock.instant(), lines))) {
      undoReservation(claimed, held);
      return ReservationOutcome.SUPERSEDED;
    }
    clearMarkers(claimed, StockStep.Kind.RESERVE);
    return ReservationOutcome.RESERVED;
  }

  private ReservationOutcome fail(
      Reservation claimed, List<StockLine> held, List<Shortage> shortages) {
    undoReservation(claimed, held);
    var failed =
        new StockReservationFailed(
            claimed.orderId(),
            clock.instant(),
            StockReservationFailed.INSUFFICIENT_STOCK,
            shortages);
    return reservations.finish(claimed, FAILED, failed)
        ? ReservationOutcome.FAILED
        : ReservationOutcome.SUPERSEDED;
  }

  /** The line that came up short, and any of the lines not yet stepped that would too. */
  private List<Shortage> shortages(StockLine line, int available, List<StockLine> notStepped) {
    var shortages = new ArrayList<Shortage>();
    shortages.add(new Shortage(line.sku(), line.quantity(), available));
    for (var next : notStepped) {
      int nextAvailable = stock.levels(next.sku()).map(StockLevels::available).orElse(0);
      if (nextAvailable < next.quantity()) {
        shortages.add(new Shortage(next.sku(), next.quantity(), nextAvailable));
      }
    }
    return shortages;
  }

  /** Takes back the lines still marked as this attempt's; lines another attempt took over stay. */
  private void undoReservation(Reservation claimed, List<StockLine> held) {
    for (var line : held) {
      stock.apply(
          line.sku(), StockStep.unreserve(claimed.orderId(), claimed.attempt(), line.quantity()));
    }
  }

  private ReservationOutcome completeRelease(Reservation claimed) {
    var orderId = claimed.orderId();
    var released = new ArrayList<StockLine>();
    for (var line : claimed.lines()) {
      // Releasing twice would sell the same units twice, and taking a release back can fail once
      // the units are reserved again; so a release checks that it still owns the reservation before
      // each sku, rather than only learning at the end that it lost it.
      if (!reservations.stillOwned(claimed)) {
        undoRelease(claimed, released);
        return ReservationOutcome.SUPERSEDED;
      }
      var step = StockStep.release(orderId, claimed.attempt(), line.quantity());
      switch (stock.apply(line.sku(), step)) {
        case StepOutcome.Done done -> released.add(line);
        case StepOutcome.Superseded superseded -> {
          undoRelease(claimed, released);
          return ReservationOutcome.SUPERSEDED;
        }
        case StepOutcome.Overdrawn overdrawn -> {
          // Another attempt released this sku and finished between the check above and the step.
          if (reservations.stillOwned(claimed)) {
            throw new IllegalStateException(
                "Order %s: releasing %d units of %s, but only %d are reserved"
                    .formatted(orderId, line.quantity(), line.sku(), overdrawn.reserved()));
          }
          undoRelease(claimed, released);
          return ReservationOutcome.SUPERSEDED;
        }
        case StepOutcome.Short shortage ->
            throw new IllegalStateException("A release step never runs short");
        case StepOutcome.NotMine notMine ->
            throw new IllegalStateException("A release step is never anyone else's to refuse");
      }
    }
    var announcement = new StockReleased(orderId, clock.instant(), claimed.lines());
    if (!reservations.finish(claimed, RELEASED, announcement)) {
      undoRelease(claimed, released);
      return ReservationOutcome.SUPERSEDED;
    }
    clearMarkers(claimed, StockStep.Kind.RELEASE);
    return ReservationOutcome.RELEASED;
  }

  private void undoRelease(Reservation claimed, List<StockLine> released) {
    for (var line : released) {
      var step = StockStep.unrelease(claimed.orderId(), claimed.attempt(), line.quantity());
      if (stock.apply(line.sku(), step) instanceof StepOutcome.Short shortage) {
        log.error(
            "Order {}: {} units of {} were released twice and reserved again before the second"
                + " release could be taken back ({} available)",
            claimed.orderId(),
            line.quantity(),
            line.sku(),
            shortage.available());
      }
    }
  }

  /** Once a reservation is final its markers have served their purpose. */
  private void clearMarkers(Reservation reservation, StockStep.Kind kind) {
    for (var line : reservation.lines()) {
      stock.clearMarker(
          line.sku(),
          new StockStep(kind, reservation.orderId(), reservation.attempt(), line.quantity()));
    }
  }
}
