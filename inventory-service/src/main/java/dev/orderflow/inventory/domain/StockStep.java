package dev.orderflow.inventory.domain;

import dev.orderflow.inventory.domain.StepOutcome.Overdrawn;
import dev.orderflow.inventory.domain.StepOutcome.Short;
import dev.orderflow.inventory.domain.StepOutcome.Superseded;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of a reservation or a release on one sku, made by one attempt at it.
 *
 * <p>A step leaves a marker in the sku's document, in the same write that changes the levels:
 * {@code pendingOps["reserve:<orderId>"] = attempt}. The marker is how a repeated step (the same
 * record delivered again after a crash) sees that it already happened. The attempt number settles
 * which of two handlers of the same order owns a step when both run at once (a consumer that lost
 * its partition but is still working): the newer attempt takes the older one's step over, and the
 * older attempt, finding a newer marker, stops. An undo only ever takes back a step still marked
 * with its own attempt, so it can never undo work that another attempt counted.
 *
 * <p>{@link #decide} is a pure function of the document; the stock adapter writes what it decided
 * as a compare-and-set on the document's version.
 */
public record StockStep(Kind kind, String orderId, long attempt, int quantity) {

  public enum Kind {
    /** Moves units from available to reserved. */
    RESERVE,
    /** Takes back this attempt's {@code RESERVE} (a shortage elsewhere, or a lost race). */
    UNRESERVE,
    /** Moves reserved units back to available. */
    RELEASE,
    /** Takes back this attempt's {@code RELEASE} (a lost race). */
    UNRELEASE
  }

  public StockStep {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(orderId, "orderId");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be positive: " + attempt);
    }
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be positive: " + quantity);
    }
  }

  public static StockStep reserve(String orderId, long attempt, int quantity) {
    return new StockStep(Kind.RESERVE, orderId, attempt, quantity);
  }

  public static StockStep unreserve(String orderId, long attempt, int quantity) {
    return new StockStep(Kind.UNRESERVE, orderId, attempt, quantity);
  }

  public static StockStep release(String orderId, long attempt, int quantity) {
    return new StockStep(Kind.RELEASE, orderId, attempt, quantity);
  }

  public static StockStep unrelease(String orderId, long attempt, int quantity) {
    return new StockStep(Kind.UNRELEASE, orderId, attempt, quantity);
  }

  /**
   * The marker a step and its undo share. The order id becomes part of a field name, so the
   * characters MongoDB reads as path separators or operators are escaped.
   */
  public String marker() {
    return marker(kind, orderId);
  }

  /** The marker of {@code orderId}'s steps of {@code kind} (and of their undo). */
  public static String marker(Kind kind, String orderId) {
    var operation =
        switch (kind) {
          case RESERVE, UNRESERVE -> "reserve";
          case RELEASE, UNRELEASE -> "release";
        };
    return operation + ":" + escape(orderId);
  }

  /** What to write, if anything, given the sku's document ({@code null} if there is none). */
  public Decision decide(@Nullable StockState state) {
    var mark = state == null ? null : state.markers().get(marker());
    return switch (kind) {
      case RESERVE -> {
        if (mark != null) {
          yield alreadyMarked(mark);
        }
        int available = state == null ? 0 : state.available();
        yield available < quantity
            ? new Decision.Stop(new Short(available))
            : new Decision.Write(-quantity, true, StepOutcome.DONE);
      }
      case RELEASE -> {
        if (mark != null) {
          yield alreadyMarked(mark);
        }
        int reserved = state == null ? 0 : state.reserved();
        yield reserved < quantity
            ? new Decision.Stop(new Overdrawn(reserved))
            : new Decision.Write(quantity, true, StepOutcome.DONE);
      }
      case UNRESERVE -> {
        if (mark == null || mark != attempt) {
          yield new Decision.Stop(StepOutcome.NOT_MINE);
        }
        yield new Decision.Write(quantity, false, StepOutcome.DONE);
      }
      case UNRELEASE -> {
        if (state == null || mark == null || mark != attempt) {
          yield new Decision.Stop(StepOutcome.NOT_MINE);
        }
        yield state.available() < quantity
            ? new Decision.Stop(new Short(state.available()))
            : new Decision.Write(-quantity, false, StepOutcome.DONE);
      }
    };
  }

  /**
   * A forward step that finds its marker: done already, another attempt's to take over, or lost.
   */
  private Decision alreadyMarked(long markedBy) {
    if (markedBy == attempt) {
      return new Decision.Stop(StepOutcome.DONE);
    }
    if (markedBy > attempt) {
      return new Decision.Stop(new Superseded(markedBy));
    }
    // The older attempt's units are in the levels already: only the marker changes hands.
    return new Decision.Write(0, true, StepOutcome.DONE);
  }

  private static String escape(String orderId) {
    return orderId.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
  }

  /** The result of {@link #decide}. */
  public sealed interface Decision {

    /**
     * Change {@code available} by {@code availableDelta} and {@code reserved} by its opposite, then
     * set the marker to the step's attempt ({@code marks}) or remove it, all in one write.
     */
    record Write(int availableDelta, boolean marks, StepOutcome outcome) implements Decision {}

    /** Write nothing. */
    record Stop(StepOutcome outcome) implements Decision {}
  }
}
