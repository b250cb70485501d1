package dev.orderflow.inventory.reservation;

import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.inventory.domain.ReservationCommand;
import dev.orderflow.inventory.domain.ReservationOutcome;
import dev.orderflow.inventory.domain.StockReservation;
import dev.orderflow.inventory.domain.StockReservation.Decision;
import dev.orderflow.inventory.domain.StockReservation.State;
import dev.orderflow.inventory.domain.StockState;
import dev.orderflow.inventory.domain.StockStep;
import dev.orderflow.inventory.stock.Stock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a batch of reservations ({@link BatchReservations}) or of releases ({@link BatchReleases})
 * writes once each order's decisions are made and its reservation started or claimed: the steps,
 * one compare-and-set per sku; the finishes with their announcements, one {@code bulkWrite}; the
 * markers' removal, which waits for the next batch's write of the same sku or for the stock's
 * removal together ({@link Stock#clearMarkersAll}). An order with a sku whose write lost, or whose
 * finish lost, is left to the per-record path, as a crash between the same writes of one order
 * would leave it.
 */
final class BatchWrites {

  private static final Logger log = LoggerFactory.getLogger(BatchWrites.class);

  private final ReservationStore reservations;
  private final Stock stock;

  BatchWrites(ReservationStore reservations, Stock stock) {
    this.reservations = reservations;
    this.stock = stock;
  }

  /**
   * One order's writes, as {@link StockReservation#decide} made them: how its handling opens (a
   * reservation {@code Started} or {@code Claimed}), its forward steps, its finish, the markers to
   * remove once it is final, its outcome, and the stock of its skus once all that is written.
   */
  record Planned(
      String orderId,
      Decision opening,
      List<Decision.Stepped> steps,
      ReservationStore.Finish finish,
      List<Decision.MarkerCleared> cleared,
      ReservationOutcome outcome,
      Map<String, StockState> stockAfter) {}

  /**
   * {@code command}'s decisions in {@code state}, if a batch can write them: one opening, forward
   * steps that each write on what the ones before leave, a finish. Empty for anything else (a step
   * to take back, a release of more than is reserved, a reservation another attempt holds): the
   * per-record path decides those again on what it reads.
   */
  static Optional<Planned> plan(
      ReservationCommand command, State state, @Nullable String traceparent) {
    Decision opening = null;
    var steps = new ArrayList<Decision.Stepped>();
    var cleared = new ArrayList<Decision.MarkerCleared>();
    ReservationStore.Finish finish = null;
    ReservationOutcome outcome = null;
    for (var decision : StockReservation.decide(command, state)) {
      switch (decision) {
        case Decision.Started started -> {
          if (opening != null) {
            return Optional.empty();
          }
          opening = started;
        }
        case Decision.Claimed claimed -> {
          if (opening != null) {
            return Optional.empty();
          }
          opening = claimed;
        }
        case Decision.Stepped stepped -> {
          if (!(stepped.step().decide(state.stock().get(stepped.sku()))
                  instanceof StockStep.Decision.Write write
              && write.marks())) {
            return Optional.empty();
          }
          steps.add(stepped);
        }
        case Decision.Finished finished ->
            finish =
                new ReservationStore.Finish(
                    finished.claimed(), finished.status(), finished.announcement(), traceparent);
        case Decision.MarkerCleared markerCleared -> cleared.add(markerCleared);
        case Decision.Ended ended -> outcome = ended.outcome();
        case Decision.LetGo letGo -> {
          return Optional.empty();
        }
      }
      state = StockReservation.evolve(state, decision);
    }
    if (opening == null || finish == null || outcome == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Planned(command.orderId(), opening, steps, finish, cleared, outcome, state.stock()));
  }

  /**
   * The order ids of a batch's commands.
   *
   * @throws IllegalArgumentException for an order twice in the batch: its records are the
   *     per-record path's, which keeps their order
   */
  static Set<String> orderIds(List<? extends ReservationCommand> commands) {
    var ids = new HashSet<String>();
    for (var command : commands) {
      if (!ids.add(command.orderId())) {
        throw new IllegalArgumentException("Order " + command.orderId() + " twice in one batch");
      }
    }
    return ids;
  }

  /** The stock of {@code lines} in {@code current}; a sku never stocked is missing. */
  static Map<String, StockState> levels(List<StockLine> lines, Map<String, StockState> current) {
    var levels = new HashMap<String, StockState>();
    for (var line : lines) {
      var state = current.get(line.sku());
      if (state != null) {
        levels.put(line.sku(), state);
      }
    }
    return levels;
  }

  /**
   * Writes the steps, finishes and marker removals of {@code orders}, all started or claimed
   * already and decided on the stock {@code read}; answers the outcome of each order it finished,
   * by order id.
   */
  Map<String, ReservationOutcome> write(List<Planned> orders, Map<String, StockState> read) {
    var lost = stock.applyAll(steps(orders, read));
    var finishing = new ArrayList<Planned>(orders.size());
    for (var order : orders) {
      // Not only the skus it stepped: a shortage decided on a sku another writer changed since is
      // decided again on its own, on what is stored.
      if (order.finish().claimed().lines().stream().noneMatch(line -> lost.contains(line.sku()))) {
        finishing.add(order);
      }
    }
    var lostFinishes = reservations.finishAll(finishing.stream().map(Planned::finish).toList());
    var outcomes = new LinkedHashMap<String, ReservationOutcome>();
    var markers = new LinkedHashMap<String, List<StockStep>>();
    for (int i = 0; i < finishing.size(); i++) {
      if (lostFinishes.contains(i)) {
        continue;
      }
      var order = finishing.get(i);
      outcomes.put(order.orderId(), order.outcome());
      order
          .cleared()
          .forEach(cleared ->
              markers.computeIfAbsent(cleared.sku(), sku -> new ArrayList<>()).add(cleared.step()));
    }
    try {
      stock.clearMarkersAll(markers);
    } catch (RuntimeException e) {
      // Tidying up only: every reservation here is final with its announcement stored, so the
      // outcomes stand. A marker left behind moves no units and decides nothing (the reservation
      // is final, so no forward step of that order and kind comes again); it stays in pendingOps
      // until a redelivery of the order's record finds the reservation final and removes it,
      // which may be never. Failing the batch for it would apply the poll again one record at a
      // time, which finds these orders final and counts them unchanged, without the line that
      // says what they were.
      log.warn(
          "Markers left on skus {} after a batch; its reservations are final and the markers move"
              + " no units",
          markers.keySet(),
          e);
    }
    return outcomes;
  }

  /** The orders' steps by sku, in the order they were decided. */
  private static List<Stock.Steps> steps(List<Planned> orders, Map<String, StockState> read) {
    var bySku = new LinkedHashMap<String, List<StockStep>>();
    for (var order : orders) {
      for (var stepped : order.steps()) {
        bySku.computeIfAbsent(stepped.sku(), sku -> new ArrayList<>()).add(stepped.step());
      }
    }
    var steps = new ArrayList<Stock.Steps>(bySku.size());
    bySku.forEach((sku, onSku) -> {
      var state = read.get(sku);
      if (state == null) {
        throw new IllegalStateException("A step on " + sku + ", which was never stocked");
      }
      steps.add(new Stock.Steps(sku, state, onSku));
    });
    return steps;
  }
}
