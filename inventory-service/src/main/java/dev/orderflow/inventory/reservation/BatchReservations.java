package dev.orderflow.inventory.reservation;

import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationCommand.Reserve;
import dev.orderflow.inventory.domain.ReservationOutcome;
import dev.orderflow.inventory.domain.StockReservation;
import dev.orderflow.inventory.domain.StockReservation.Decision;
import dev.orderflow.inventory.domain.StockReservation.State;
import dev.orderflow.inventory.domain.StockState;
import dev.orderflow.inventory.stock.Stock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
 *   <li>Remove the markers of the reserved ones ({@link Stock#clearMarkersAll}): with the next
 *       batch's write of the same sku, or with one write for the skus no batch wrote within a
 *       second. A failure here (a contended sku, MongoDB away) is logged and does not fail the
 *       batch: the reservations are final, and a marker left behind is harmless.
 * </ol>
 *
 * A crash between two of these writes leaves what a crash between the same writes of one order
 * leaves, for every order of the batch; the redelivered records complete it on the per-record path.
 */
@Component
class BatchReservations {

  private final ReservationStore reservations;
  private final Stock stock;
  private final BatchWrites writes;

  BatchReservations(ReservationStore reservations, Stock stock) {
    this.reservations = reservations;
    this.stock = stock;
    this.writes = new BatchWrites(reservations, stock);
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
    BatchWrites.orderIds(commands);
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
    return writes.write(planned.orders(), planned.read());
  }

  /** The orders' decisions, and the stock they were decided on, as read. */
  private record Plan(List<BatchWrites.Planned> orders, Map<String, StockState> read) {}

  private Plan plan(List<Reserve> commands, Map<String, String> traceparents) {
    var skus = new TreeSet<String>();
    commands.forEach(command -> command.lines().forEach(line -> skus.add(line.sku())));
    var read = stock.readAll(skus);
    var current = new HashMap<>(read);
    var orders = new ArrayList<BatchWrites.Planned>(commands.size());
    for (var command : commands) {
      var state = State.read(null, BatchWrites.levels(command.lines(), current));
      var planned =
          BatchWrites.plan(command, state, traceparents.get(command.orderId()))
              .filter(order -> order.opening() instanceof Decision.Started)
              .orElseThrow(() ->
                  new IllegalStateException("A first delivery that does not finish: " + command));
      current.putAll(planned.stockAfter());
      orders.add(planned);
    }
    return new Plan(orders, read);
  }
}
