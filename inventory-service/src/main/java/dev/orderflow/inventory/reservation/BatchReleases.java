package dev.orderflow.inventory.reservation;

import dev.orderflow.inventory.domain.ReservationCommand.Release;
import dev.orderflow.inventory.domain.ReservationOutcome;
import dev.orderflow.inventory.domain.ReservationStatus;
import dev.orderflow.inventory.domain.StockReservation;
import dev.orderflow.inventory.domain.StockReservation.Decision;
import dev.orderflow.inventory.domain.StockReservation.State;
import dev.orderflow.inventory.stock.Stock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Releases the reservations of many cancelled or rejected orders at once (issue 19): the same
 * writes as {@link StockReservations} makes for each release, but one command per collection per
 * batch instead of about ten per order.
 *
 * <ol>
 *   <li>Read every order's reservation with one {@code find $in}, and the stock of their skus with
 *       another. Decide each order with {@link StockReservation#decide} in the order given, each on
 *       the stock the ones before it leave. A reservation that is final and needs no write ({@code
 *       FAILED}, a tombstone) ends here, unchanged. Only a {@code RESERVED} one is released in the
 *       batch; every other order (none yet: a tombstone to write; one still being reserved, or
 *       being released by another attempt; a step that would take more than is reserved) is left to
 *       the per-record path.
 *   <li>Claim every reservation released here ({@code RELEASING}, the next attempt) with one {@code
 *       bulkWrite}, each conditional on the version read. If any claim lost (another attempt of the
 *       same order got there first), the whole batch stops here, as a crash after its claims would
 *       stop it: the per-record path claims each anew.
 *   <li>Write the release steps, one compare-and-set per sku on the version read before the claims
 *       ({@link BatchWrites}): another attempt can only step a sku after claiming the reservation
 *       from this one, so after that read, and its step loses this one's write; an order with such
 *       a sku is left to the per-record path, which takes over what this attempt stepped without
 *       counting it twice. Then the finishes ({@code RELEASED} with {@code StockReleased}) and the
 *       markers' removal, as a batch of reservations does.
 * </ol>
 *
 * A crash between two of these writes leaves what a crash between the same writes of one release
 * leaves, for every order of the batch; the redelivered records complete it on the per-record path.
 */
@Component
class BatchReleases {

  private final ReservationStore reservations;
  private final Stock stock;
  private final BatchWrites writes;

  BatchReleases(ReservationStore reservations, Stock stock) {
    this.reservations = reservations;
    this.stock = stock;
    this.writes = new BatchWrites(reservations, stock);
  }

  /**
   * Releases what the orders of {@code commands} hold (each order at most once); answers the
   * outcome of each order it finished, by order id. Every other order is left for the per-record
   * path. An order's announcement joins the trace {@code traceparents} holds for it.
   */
  Map<String, ReservationOutcome> releaseAll(
      List<Release> commands, Map<String, String> traceparents) {
    if (commands.isEmpty()) {
      return Map.of();
    }
    var ids = BatchWrites.orderIds(commands);
    var found = reservations.findAll(ids);
    var skus = new TreeSet<String>();
    found.values().stream()
        .filter(reservation -> reservation.status() == ReservationStatus.RESERVED)
        .forEach(reservation -> reservation.lines().forEach(line -> skus.add(line.sku())));
    var read = stock.readAll(skus);
    var current = new HashMap<>(read);
    var outcomes = new LinkedHashMap<String, ReservationOutcome>();
    var releasing = new ArrayList<BatchWrites.Planned>();
    for (var command : commands) {
      var reservation = found.get(command.orderId());
      if (reservation == null) {
        continue;
      }
      var state = State.read(reservation, BatchWrites.levels(reservation.lines(), current));
      var decisions = StockReservation.decide(command, state);
      if (decisions.size() == 1 && decisions.getFirst() instanceof Decision.Ended ended) {
        outcomes.put(command.orderId(), ended.outcome());
        continue;
      }
      if (reservation.status() != ReservationStatus.RESERVED) {
        continue;
      }
      BatchWrites.plan(command, state, traceparents.get(command.orderId()))
          .filter(planned ->
              planned.opening() instanceof Decision.Claimed claimed
                  && claimed.as() == ReservationStatus.RELEASING)
          .ifPresent(planned -> {
            current.putAll(planned.stockAfter());
            releasing.add(planned);
          });
    }
    if (releasing.isEmpty()) {
      return outcomes;
    }
    var claims =
        releasing.stream().map(planned -> ((Decision.Claimed) planned.opening()).seen()).toList();
    if (!reservations.claimAll(claims, ReservationStatus.RELEASING)) {
      return outcomes;
    }
    outcomes.putAll(writes.write(releasing, read));
    return outcomes;
  }
}
