package dev.orderflow.inventory.reservation;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.inventory.domain.ReservationCommand;
import dev.orderflow.inventory.domain.ReservationCommand.Release;
import dev.orderflow.inventory.domain.ReservationCommand.Reserve;
import dev.orderflow.inventory.domain.ReservationLines;
import dev.orderflow.inventory.domain.ReservationOutcome;
import dev.orderflow.inventory.domain.ReservationStatus;
import dev.orderflow.inventory.domain.StepOutcome;
import dev.orderflow.inventory.domain.StockReservation;
import dev.orderflow.inventory.domain.StockReservation.Decision;
import dev.orderflow.inventory.domain.StockReservation.State;
import dev.orderflow.inventory.domain.StockState;
import dev.orderflow.inventory.domain.StockStep;
import dev.orderflow.inventory.stock.Stock;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Reserves all lines of an order or none, and releases a reservation exactly once: load the
 * reservation and the stock of its lines, ask {@link StockReservation} what to write, and store
 * each decision as one conditional single-document write. When a document changed since it was read
 * (another handler of the same order, another order on the same sku) the round is lost and the next
 * one reads again ({@link CompareAndSet}, kind {@value #KIND}); the claim this handler holds is
 * carried from round to round, so that it can tell its own work from another's.
 */
@Service
public class StockReservations {

  private static final Logger log = LoggerFactory.getLogger(StockReservations.class);

  /** The kind of a contended reservation: an order whose handlers keep overtaking each other. */
  static final String KIND = "reservation";

  private final ReservationStore reservations;
  private final Stock stock;
  private final Clock clock;

  StockReservations(ReservationStore reservations, Stock stock, Clock clock) {
    this.reservations = reservations;
    this.stock = stock;
    this.clock = clock;
  }

  /** What {@code event} asks of the order's reservation, done; empty if it asks nothing. */
  Optional<ReservationOutcome> on(OrderEvent event) {
    return switch (event) {
      case OrderPlaced placed -> Optional.of(reserve(placed.orderId(), placed.lines()));
      case OrderCancelled cancelled -> Optional.of(release(cancelled.orderId()));
      // Compensation: a rejected order holds nothing, unless its reservation was made after all,
      // e.g. one that arrived after a saga deadline had already rejected the order.
      case OrderRejected rejected -> Optional.of(release(rejected.orderId()));
      case OrderConfirmed confirmed -> Optional.empty();
    };
  }

  /**
   * Reserves every line of the order, or none. Safe to repeat: a reservation is made once per
   * order, and an order released (or cancelled) before it arrives here reserves nothing.
   *
   * @throws dev.orderflow.inventory.domain.UnreservableOrderException for lines no retry can
   *     reserve
   */
  public ReservationOutcome reserve(String orderId, List<OrderLine> lines) {
    return handle(reserveCommand(orderId, lines));
  }

  /**
   * What {@code placed} asks, as {@link #reserve} would decide it: for a batch ({@link
   * BatchReservations}).
   *
   * @throws dev.orderflow.inventory.domain.UnreservableOrderException for lines no retry can
   *     reserve
   */
  Reserve command(OrderPlaced placed) {
    return reserveCommand(placed.orderId(), placed.lines());
  }

  private Reserve reserveCommand(String orderId, List<OrderLine> lines) {
    return new Reserve(orderId, ReservationLines.of(lines), clock.instant());
  }

  /**
   * Gives back what the order holds, exactly once. With no reservation yet, leaves a tombstone so
   * that a late {@code OrderPlaced} reserves nothing; a reservation still being made is finished
   * first, then released.
   */
  public ReservationOutcome release(String orderId) {
    return handle(releaseCommand(orderId));
  }

  /** What a release of {@code orderId} asks, as {@link #release} would decide it: for a batch. */
  Release releaseCommand(String orderId) {
    return new Release(orderId, clock.instant());
  }

  private ReservationOutcome handle(ReservationCommand command) {
    var handling = new Handling(command);
    return CompareAndSet.until(
        Contended.of(KIND, command.orderId()), CompareAndSet.ATTEMPTS, handling::round);
  }

  /** One handler's rounds at one command. */
  private final class Handling {

    private final ReservationCommand command;
    private State state = State.read(null, Map.of());
    private boolean fromDatabase;
    private boolean firstRound = true;

    Handling(ReservationCommand command) {
      this.command = command;
    }

    /** Load, decide, store; lost when a document changed since it was read. */
    Round<ReservationOutcome> round() {
      var remembered = load();
      var decisions = StockReservation.decide(command, state);
      if (remembered && decisions.stream().anyMatch(Handling::failed)) {
        // A shortage writes nothing to the short sku, so nothing checked what this process
        // remembered of it: decide again on what is stored.
        fromDatabase = true;
        return Round.lost();
      }
      for (var decision : decisions) {
        if (!store(decision)) {
          return Round.lost();
        }
        state = StockReservation.evolve(state, decision);
      }
      // The last decision is Ended, or LetGo: read again and decide afresh.
      return decisions.getLast() instanceof Decision.Ended ended
          ? Round.done(ended.outcome())
          : Round.lost();
    }

    /**
     * Reads the reservation and the stock of its lines, keeping the claim; true if some stock came
     * from what this process remembers writing rather than from the database.
     */
    private boolean load() {
      // Most OrderPlaced records are first deliveries: the first round assumes there is no
      // reservation yet, and the insert that starts one checks it.
      var reservation =
          firstRound && command instanceof Reserve
              ? null
              : reservations.find(command.orderId()).orElse(null);
      firstRound = false;
      var lines =
          reservation != null
              ? reservation.lines()
              : switch (command) {
                case Reserve reserve -> reserve.lines();
                case Release release -> List.<StockLine>of();
              };
      var levels = new HashMap<String, StockState>();
      boolean remembered = false;
      for (var line : lines) {
        var known = fromDatabase ? Optional.<StockState>empty() : stock.remembered(line.sku());
        remembered |= known.isPresent();
        known.or(() -> stock.read(line.sku())).ifPresent(found -> levels.put(line.sku(), found));
      }
      state = new State(reservation, levels, state.claim());
      return remembered;
    }

    private static boolean failed(Decision decision) {
      return decision instanceof Decision.Finished finished
          && finished.status() == ReservationStatus.FAILED;
    }

    /** Writes {@code decision}; false if a document it depends on changed since it was read. */
    private boolean store(Decision decision) {
      return switch (decision) {
        case Decision.Started started -> reservations.insert(started.reservation());
        case Decision.Claimed claimed ->
            reservations.claim(claimed.seen(), claimed.as()).isPresent();
        case Decision.Stepped stepped -> step(stepped.sku(), stepped.step());
        case Decision.Finished finished ->
            reservations.finish(finished.claimed(), finished.status(), finished.announcement());
        case Decision.MarkerCleared cleared -> {
          stock.clearMarker(cleared.sku(), cleared.step());
          yield true;
        }
        case Decision.LetGo letGo -> true;
        case Decision.Ended ended -> true;
      };
    }

    private boolean step(String sku, StockStep step) {
      var claim = state.claim();
      return switch (step.kind()) {
        case RESERVE -> stock.apply(sku, step) instanceof StepOutcome.Done;
        case RELEASE -> {
          // Releasing twice would sell the same units twice, and taking a release back can fail
          // once the units are reserved again; so a release checks that it still owns the
          // reservation before each sku, rather than only learning at the end that it lost it.
          if (claim == null || !reservations.stillOwned(claim)) {
            yield false;
          }
          yield switch (stock.apply(sku, step)) {
            case StepOutcome.Done done -> true;
            case StepOutcome.Overdrawn overdrawn -> {
              // Another attempt released this sku and finished between the check and the step.
              if (reservations.stillOwned(claim)) {
                throw new IllegalStateException(
                    "Order %s: releasing %d units of %s, but only %d are reserved"
                        .formatted(step.orderId(), step.quantity(), sku, overdrawn.reserved()));
              }
              yield false;
            }
            case StepOutcome.Superseded superseded -> false;
            case StepOutcome.Short shortage -> false;
            case StepOutcome.NotMine notMine -> false;
          };
        }
        // Taking back: done, or not this attempt's to take back; either way this write is over.
        case UNRESERVE -> {
          stock.apply(sku, step);
          yield true;
        }
        case UNRELEASE -> {
          if (stock.apply(sku, step) instanceof StepOutcome.Short shortage) {
            log.error(
                "Order {}: {} units of {} were released twice and reserved again before the"
                    + " second release could be taken back ({} available)",
                step.orderId(),
                step.quantity(),
                sku,
                shortage.available());
          }
          yield true;
        }
      };
    }
  }
}
