package dev.orderflow.inventory.reservation;

import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationCommand.Reserve;
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
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reserves the first deliveries of many placed orders at once (issue 19): the same writes as {@link
 * StockReservations} makes for each order, but one command per collection per batch instead of one
 * per order and sku.
 *
 * <ol>
 *   <li>Insert every reservation ({@code RESERVING}, attempt 1) with one {@code insertMany}. An
 *       order that has one already is not a first delivery: it is left to the per-record path.
 *   <li>Read the stock of every sku the rest touch with one {@code find $in}, and decide each order
 *       with {@link StockReservation#decide} in the order given, each on the stock the ones before
 *       it leave: all lines or none, exactly as one at a time, so the orders of a batch that share
 *       a sku cannot oversell it together.
 *   <li>Write the steps, one compare-and-set per sku ({@link Stock#applyAll}). An order with a sku
 *       whose write lost (another writer changed it since it was read) is left to the per-record
 *       path: its other skus hold its markers at attempt 1, so the per-record path claims the
 *       reservation anew and takes those steps over without counting their units again.
 *   <li>Finish every reservation decided, with its announcement, in one {@code bulkWrite}; one that
 *       lost (claimed by another attempt meanwhile) is left to the per-record path.
 *   <li>Remove the markers of the reserved ones, one write per sku ({@link Stock#clearMarkersAll}).
 *       A failure here (a contended sku, MongoDB away) is logged and does not fail the batch: the
 *       reservations are final, and a marker left behind is harmless.
 * </ol>
 *
 * A crash between two of these writes leaves what a crash between the same writes of one order
 * leaves, for every order of the batch; the redelivered records complete it on the per-record path.
 */
@Component
class BatchReservations {

  private static final Logger log = LoggerFactory.getLogger(BatchReservations.class);

  private final ReservationStore reservations;
  private final Stock stock;

  BatchReservations(ReservationStore reservations, Stock stock) {
    this.reservations = reservations;
    this.stock = stock;
  }

  /**
   * Reserves the orders of {@code commands} (each order at most once) that are first deliveries;
   * answers the outcome of each order it finished, by order id. Every other order is left as either
   * of its crash points would leave it, for the per-record path. An order's announcement joins the
   * trace {@code traceparents} holds for it, as the per-record path's would.
   */
  Map<String, ReservationOutcome> reserveAll(
      List<Reserve> commands, Map<String, String> traceparents) {
    if (commands.isEmpty()) {
      return Map.of();
    }
    var ids = new HashSet<String>();
    for (var command : commands) {
      if (!ids.add(command.orderId())) {
        throw new IllegalArgumentException("Order " + command.orderId() + " twice in one batch");
      }
    }
    var duplicates =
        reservations.insertAll(
            commands.stream()
                .map(command -> Reservation.started(command.orderId(), command.lines()))
                .toList());
    var first = new ArrayList<Reserve>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      if (!duplicates.contains(i)) {
        first.add(commands.get(i));
      }
    }
    if (first.isEmpty()) {
      return Map.of();
    }
    var planned = plan(first, traceparents);
    var lost = stock.applyAll(steps(planned.orders(), planned.read()));
    var finishing = new ArrayList<Planned>(planned.orders().size());
    for (var order : planned.orders()) {
      if (order.lines().stream().noneMatch(line -> lost.contains(line.sku()))) {
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
      // outcomes stand. A reserve marker left behind moves no units and decides nothing (the
      // reservation is final, so no reserve step of that order comes again, and a release has
      // markers of its own); it stays in pendingOps until a redelivery of the order's record finds
      // the reservation RESERVED and removes it, which may be never. Failing the batch for it
      // would apply the poll again one record at a time, which finds these orders final and
      // counts them unchanged, without the line that says what they were.
      log.warn(
          "Reserve markers left on skus {} after a batch; its reservations are final and the"
              + " markers move no units",
          markers.keySet(),
          e);
    }
    return outcomes;
  }

  /** One order's decisions, as {@link StockReservation#decide} made them for a first delivery. */
  private record Planned(
      String orderId,
      List<StockLine> lines,
      List<Decision.Stepped> steps,
      ReservationStore.Finish finish,
      List<Decision.MarkerCleared> cleared,
      ReservationOutcome outcome) {}

  /** The orders' decisions, and the stock they were decided on, as read. */
  private record Plan(List<Planned> orders, Map<String, StockState> read) {}

  private Plan plan(List<Reserve> commands, Map<String, String> traceparents) {
    var skus = new TreeSet<String>();
    commands.forEach(command -> command.lines().forEach(line -> skus.add(line.sku())));
    var read = stock.readAll(skus);
    var current = new HashMap<>(read);
    var orders = new ArrayList<Planned>(commands.size());
    for (var command : commands) {
      var levels = new HashMap<String, StockState>();
      for (var line : command.lines()) {
        var state = current.get(line.sku());
        if (state != null) {
          levels.put(line.sku(), state);
        }
      }
      var state = State.read(null, levels);
      var steps = new ArrayList<Decision.Stepped>();
      var cleared = new ArrayList<Decision.MarkerCleared>();
      ReservationStore.@Nullable Finish finish = null;
      @Nullable ReservationOutcome outcome = null;
      for (var decision : StockReservation.decide(command, state)) {
        switch (decision) {
          case Decision.Started started -> {}
          case Decision.Stepped stepped -> steps.add(stepped);
          case Decision.Finished finished ->
              finish =
                  new ReservationStore.Finish(
                      finished.claimed(),
                      finished.status(),
                      finished.announcement(),
                      traceparents.get(command.orderId()));
          case Decision.MarkerCleared markerCleared -> cleared.add(markerCleared);
          case Decision.Ended ended -> outcome = ended.outcome();
          case Decision.Claimed claimed -> throw unexpected(decision);
          case Decision.LetGo letGo -> throw unexpected(decision);
        }
        state = StockReservation.evolve(state, decision);
      }
      if (finish == null || outcome == null) {
        throw new IllegalStateException("A first delivery that does not finish: " + command);
      }
      current.putAll(state.stock());
      orders.add(new Planned(command.orderId(), command.lines(), steps, finish, cleared, outcome));
    }
    return new Plan(orders, read);
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

  private static IllegalStateException unexpected(Decision decision) {
    return new IllegalStateException("Not a decision of a first delivery: " + decision);
  }
}
