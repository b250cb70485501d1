package dev.orderflow.inventory.domain;

import static dev.orderflow.inventory.domain.ReservationStatus.FAILED;
import static dev.orderflow.inventory.domain.ReservationStatus.RELEASED;
import static dev.orderflow.inventory.domain.ReservationStatus.RELEASING;
import static dev.orderflow.inventory.domain.ReservationStatus.RESERVED;
import static dev.orderflow.inventory.domain.ReservationStatus.RESERVING;

import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.inventory.domain.ReservationCommand.Release;
import dev.orderflow.inventory.domain.ReservationCommand.Reserve;
import dev.orderflow.inventory.domain.StockStep.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An order's reservation as two pure functions: {@link #decide} turns a command and what a handler
 * read (the reservation, the stock of its lines, the claim the handler holds) into the writes to
 * make, in order; {@link #evolve} folds one of them into the state it leaves. There is no
 * transaction: each decision is one conditional single-document write, so the store writes them one
 * by one and, when a document changed since it was read, reads again and asks again. Nothing here
 * is lost by that: every decision is recognised when it is met again.
 *
 * <p>Reserve: start the reservation ({@code RESERVING}, attempt 1) or claim one left half-way, step
 * each sku (a marker per sku holds the attempt that stepped it), then finish it as {@code RESERVED}
 * with {@code StockReserved}. A line that cannot be covered reserves nothing: what the order holds
 * is taken back and the reservation finishes as {@code FAILED} with {@code StockReservationFailed},
 * naming every short line. Release: claim a {@code RESERVED} reservation as {@code RELEASING}, step
 * each sku back, finish as {@code RELEASED} with {@code StockReleased}; with no reservation, leave
 * a tombstone so that a late {@code OrderPlaced} reserves nothing.
 *
 * <p>Two handlers of one order (a consumer that lost its partition but is still working): the newer
 * claim wins. A newer attempt takes an older one's steps over (the units stay, the marker changes
 * hands); an attempt whose claim was taken gives back only the steps still marked with its own
 * attempt, never work another attempt counted.
 */
public final class StockReservation {

  private StockReservation() {}

  /**
   * What a handler decides on.
   *
   * @param reservation the order's reservation as read; null if it has none
   * @param stock the stock of the reservation's lines (of the command's, before there is one), as
   *     read; a sku never stocked is missing
   * @param claim the reservation as this handler claimed it, which it owns while nobody claimed or
   *     finished it since; null before a claim and after the finish
   */
  public record State(
      @Nullable Reservation reservation,
      Map<String, StockState> stock,
      @Nullable Reservation claim) {

    public State {
      stock = Map.copyOf(stock);
    }

    /** What a handler reads before it has claimed anything. */
    public static State read(@Nullable Reservation reservation, Map<String, StockState> stock) {
      return new State(reservation, stock, null);
    }

    /** True while this handler's claim is the reservation's latest write. */
    boolean owned() {
      return claim != null && reservation != null && reservation.version() == claim.version();
    }

    @Nullable StockState stockOf(String sku) {
      return stock.get(sku);
    }

    /** The attempt that holds {@code kind}'s marker of this order on {@code sku}; 0 if none. */
    long markedBy(String sku, String orderId, Kind kind) {
      var state = stockOf(sku);
      var mark = state == null ? null : state.markers().get(StockStep.marker(kind, orderId));
      return mark == null ? 0 : mark;
    }

    State with(Map<String, StockState> changed) {
      return new State(reservation, changed, claim);
    }
  }

  /** One write a handler decided on, or how its handling ends. */
  public sealed interface Decision {

    /** Insert {@code reservation}: a new one ({@code RESERVING}) or a tombstone. */
    record Started(Reservation reservation) implements Decision {}

    /** Claim {@code seen}, as it was read, {@code as} RESERVING or RELEASING. */
    record Claimed(Reservation seen, ReservationStatus as) implements Decision {}

    /** Apply {@code step} to {@code sku}'s stock. */
    record Stepped(String sku, StockStep step) implements Decision {}

    /** Move the claimed reservation to its final {@code status}, storing its announcement. */
    record Finished(Reservation claimed, ReservationStatus status, ReservationEvent announcement)
        implements Decision {}

    /** Remove {@code step}'s marker from {@code sku}, its reservation or release being final. */
    record MarkerCleared(String sku, StockStep step) implements Decision {}

    /**
     * Another handler claimed the reservation while this one was completing it for a release; what
     * this one held is given back: read again and decide afresh.
     */
    record LetGo() implements Decision {}

    /** The handling is over: {@code outcome} is what it did. */
    record Ended(ReservationOutcome outcome) implements Decision {}
  }

  /**
   * The writes {@code command} needs in {@code state}, in order; the last one ends the handling.
   */
  public static List<Decision> decide(ReservationCommand command, State state) {
    var plan = new Plan(state);
    switch (command) {
      case Reserve reserve -> reserve(reserve, plan);
      case Release release -> release(release, plan);
    }
    return plan.decisions;
  }

  /** The state once {@code decision} is written. */
  public static State evolve(State state, Decision decision) {
    return switch (decision) {
      case Decision.Started started ->
          new State(
              started.reservation(),
              state.stock(),
              started.reservation().status() == RESERVING ? started.reservation() : null);
      case Decision.Claimed claimed -> {
        var claim = claimed.seen().claimed(claimed.as());
        yield new State(claim, state.stock(), claim);
      }
      case Decision.Stepped stepped -> {
        var before = state.stockOf(stepped.sku());
        yield switch (stepped.step().decide(before)) {
          case StockStep.Decision.Write write when before != null ->
              state.with(changed(state, stepped.sku(), before.after(stepped.step(), write)));
          case StockStep.Decision.Write write -> state;
          case StockStep.Decision.Stop stop -> state;
        };
      }
      case Decision.Finished finished ->
          new State(finished.claimed().finished(finished.status()), state.stock(), null);
      case Decision.MarkerCleared cleared -> {
        var before = state.stockOf(cleared.sku());
        yield before == null
            ? state
            : state.with(changed(state, cleared.sku(), before.unmarked(cleared.step())));
      }
      case Decision.LetGo letGo -> new State(state.reservation(), state.stock(), null);
      case Decision.Ended ended -> state;
    };
  }

  private static void reserve(Reserve command, Plan plan) {
    var state = plan.state;
    var claim = state.claim();
    if (claim != null) {
      // A later round of this handler: its claim stands, or another handler took it.
      plan.end(state.owned() ? reserveLines(command, plan) : giveBack(claim, plan));
      return;
    }
    var found = state.reservation();
    if (found == null) {
      plan.add(new Decision.Started(Reservation.started(command.orderId(), command.lines())));
      plan.end(reserveLines(command, plan));
      return;
    }
    switch (found.status()) {
      case RESERVING -> {
        plan.add(new Decision.Claimed(found, RESERVING));
        plan.end(reserveLines(command, plan));
      }
      case RESERVED -> {
        // A redelivery: finish the tidying up in case the first delivery stopped before it.
        clearMarkers(found, Kind.RESERVE, plan);
        plan.end(ReservationOutcome.UNCHANGED);
      }
      case FAILED, RELEASING, RELEASED, CANCELLED_BEFORE_RESERVATION ->
          plan.end(ReservationOutcome.UNCHANGED);
    }
  }

  private static void release(Release command, Plan plan) {
    var state = plan.state;
    var claim = state.claim();
    if (claim != null && !state.owned()) {
      giveBack(claim, plan);
      if (claim.status() == RELEASING) {
        plan.end(ReservationOutcome.SUPERSEDED);
      } else {
        plan.add(new Decision.LetGo());
      }
      return;
    }
    if (claim != null) {
      switch (claim.status()) {
        case RESERVING -> {
          // A reservation still being made is finished first, then released.
          if (reserveLines(command, plan) == ReservationOutcome.SUPERSEDED) {
            plan.add(new Decision.LetGo());
            return;
          }
          release(command, plan);
        }
        case RELEASING -> plan.end(releaseLines(command, plan));
        case RESERVED, FAILED, RELEASED, CANCELLED_BEFORE_RESERVATION ->
            throw new IllegalStateException("A claim is for reserving or releasing: " + claim);
      }
      return;
    }
    var found = state.reservation();
    if (found == null) {
      plan.add(new Decision.Started(Reservation.tombstone(command.orderId())));
      plan.end(ReservationOutcome.TOMBSTONED);
      return;
    }
    switch (found.status()) {
      case RESERVING -> {
        plan.add(new Decision.Claimed(found, RESERVING));
        release(command, plan);
      }
      case RESERVED, RELEASING -> {
        plan.add(new Decision.Claimed(found, RELEASING));
        release(command, plan);
      }
      case RELEASED -> {
        clearMarkers(found, Kind.RELEASE, plan);
        plan.end(ReservationOutcome.UNCHANGED);
      }
      case FAILED, CANCELLED_BEFORE_RESERVATION -> plan.end(ReservationOutcome.UNCHANGED);
    }
  }

  /**
   * Steps every line of the claimed reservation and finishes it: {@code RESERVED}, {@code FAILED}
   * when a line cannot be covered, or {@code SUPERSEDED} when a newer attempt got to a sku.
   */
  private static ReservationOutcome reserveLines(ReservationCommand command, Plan plan) {
    var claim = Objects.requireNonNull(plan.state.claim(), "claim");
    var orderId = claim.orderId();
    long attempt = claim.attempt();
    if (claim.lines().stream()
        .anyMatch(line -> plan.state.markedBy(line.sku(), orderId, Kind.RESERVE) > attempt)) {
      return giveBack(claim, plan);
    }
    var shortages = new ArrayList<Shortage>();
    for (var line : claim.lines()) {
      var stock = plan.state.stockOf(line.sku());
      int available = stock == null ? 0 : stock.available();
      if (plan.state.markedBy(line.sku(), orderId, Kind.RESERVE) == 0
          && available < line.quantity()) {
        shortages.add(new Shortage(line.sku(), line.quantity(), available));
      }
    }
    if (!shortages.isEmpty()) {
      // All or none: whatever this order holds is taken back, an older attempt's steps after
      // taking them over, so that an undo only ever takes back a step marked with its own attempt.
      for (var line : claim.lines()) {
        if (plan.state.markedBy(line.sku(), orderId, Kind.RESERVE) != 0) {
          plan.step(line.sku(), StockStep.reserve(orderId, attempt, line.quantity()));
          plan.step(line.sku(), StockStep.unreserve(orderId, attempt, line.quantity()));
        }
      }
      plan.add(
          new Decision.Finished(
              claim,
              FAILED,
              new StockReservationFailed(
                  orderId, command.at(), RejectionReason.INSUFFICIENT_STOCK, shortages)));
      return ReservationOutcome.FAILED;
    }
    for (var line : claim.lines()) {
      plan.step(line.sku(), StockStep.reserve(orderId, attempt, line.quantity()));
    }
    plan.add(
        new Decision.Finished(
            claim, RESERVED, new StockReserved(orderId, command.at(), claim.lines())));
    clearMarkers(claim, Kind.RESERVE, plan);
    return ReservationOutcome.RESERVED;
  }

  /** Steps every line of the claimed reservation back, and finishes it as {@code RELEASED}. */
  private static ReservationOutcome releaseLines(ReservationCommand command, Plan plan) {
    var claim = Objects.requireNonNull(plan.state.claim(), "claim");
    var orderId = claim.orderId();
    long attempt = claim.attempt();
    if (claim.lines().stream()
        .anyMatch(line -> plan.state.markedBy(line.sku(), orderId, Kind.RELEASE) > attempt)) {
      return giveBack(claim, plan);
    }
    for (var line : claim.lines()) {
      plan.step(line.sku(), StockStep.release(orderId, attempt, line.quantity()));
    }
    plan.add(
        new Decision.Finished(
            claim, RELEASED, new StockReleased(orderId, command.at(), claim.lines())));
    clearMarkers(claim, Kind.RELEASE, plan);
    return ReservationOutcome.RELEASED;
  }

  /** Takes back the steps still marked with {@code claim}'s attempt; the rest is not its own. */
  private static ReservationOutcome giveBack(Reservation claim, Plan plan) {
    var forward = claim.status() == RELEASING ? Kind.RELEASE : Kind.RESERVE;
    for (var line : claim.lines()) {
      if (plan.state.markedBy(line.sku(), claim.orderId(), forward) == claim.attempt()) {
        var undo =
            forward == Kind.RELEASE
                ? StockStep.unrelease(claim.orderId(), claim.attempt(), line.quantity())
                : StockStep.unreserve(claim.orderId(), claim.attempt(), line.quantity());
        plan.add(new Decision.Stepped(line.sku(), undo));
      }
    }
    return ReservationOutcome.SUPERSEDED;
  }

  /** Once a reservation is final its markers have served their purpose. */
  private static void clearMarkers(Reservation reservation, Kind kind, Plan plan) {
    for (StockLine line : reservation.lines()) {
      plan.add(
          new Decision.MarkerCleared(
              line.sku(),
              new StockStep(kind, reservation.orderId(), reservation.attempt(), line.quantity())));
    }
  }

  private static Map<String, StockState> changed(State state, String sku, StockState stock) {
    var changed = new HashMap<>(state.stock());
    changed.put(sku, stock);
    return changed;
  }

  /** The decisions so far, and the state they leave. */
  private static final class Plan {

    private final List<Decision> decisions = new ArrayList<>();
    private State state;

    Plan(State state) {
      this.state = state;
    }

    void add(Decision decision) {
      decisions.add(decision);
      state = evolve(state, decision);
    }

    /**
     * A step that writes something; one that finds its work done needs no decision. A release of
     * more than is reserved is left to the store, which tells a claim lost meanwhile from levels
     * changed behind the service's back.
     */
    void step(String sku, StockStep step) {
      var needed =
          switch (step.decide(state.stockOf(sku))) {
            case StockStep.Decision.Write write -> true;
            case StockStep.Decision.Stop stop -> stop.outcome() instanceof StepOutcome.Overdrawn;
          };
      if (needed) {
        add(new Decision.Stepped(sku, step));
      }
    }

    void end(ReservationOutcome outcome) {
      add(new Decision.Ended(outcome));
    }
  }
}
