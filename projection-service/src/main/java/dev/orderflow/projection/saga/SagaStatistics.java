package dev.orderflow.projection.saga;

import dev.orderflow.projection.ProjectionOutcome;
import dev.orderflow.projection.ProjectionOutcome.Applied;
import dev.orderflow.projection.ProjectionOutcome.Skipped;
import dev.orderflow.projection.RecordPosition;
import dev.orderflow.projection.SkipReason;
import dev.orderflow.projection.order.OrderStatus;
import dev.orderflow.projection.order.OrderTransition;
import java.time.Duration;
import java.util.List;

/**
 * How the sagas of the orders on one partition of {@code orders.events} went: how many were placed,
 * how many are still pending, how each was decided and how long it took from placed to decided. One
 * document per partition, so only the consumer of that partition ever writes it (no contention),
 * and the offset of the last record counted is all the bookkeeping a record needs to be counted
 * exactly once. The service's statistics are the sum over the partitions.
 *
 * @param offset the offset of the last record counted; -1 for none
 * @param cancelled cancelled while pending
 * @param cancelledAfterConfirmation confirmed first, cancelled later (not a second decision)
 * @param placedToDecided from {@code OrderPlaced} to the first of confirmed, rejected or cancelled
 */
public record SagaStatistics(
    long offset,
    long placed,
    long pending,
    long confirmed,
    long rejected,
    long cancelled,
    long cancelledAfterConfirmation,
    DurationHistogram placedToDecided) {

  public static SagaStatistics empty() {
    return new SagaStatistics(-1, 0, 0, 0, 0, 0, 0, DurationHistogram.empty());
  }

  /** Counts the transitions the record at {@code position} applied, unless it was counted. */
  public ProjectionOutcome<SagaStatistics> apply(
      List<OrderTransition> transitions, RecordPosition position) {
    if (position.offset() <= offset) {
      return new Skipped<>(this, SkipReason.DUPLICATE);
    }
    var next = this;
    for (var transition : transitions) {
      next = next.with(transition);
    }
    return new Applied<>(next.at(position.offset()));
  }

  /** The sum of the statistics of several partitions (the offset means nothing there). */
  public SagaStatistics plus(SagaStatistics other) {
    return new SagaStatistics(
        -1,
        placed + other.placed,
        pending + other.pending,
        confirmed + other.confirmed,
        rejected + other.rejected,
        cancelled + other.cancelled,
        cancelledAfterConfirmation + other.cancelledAfterConfirmation,
        placedToDecided.plus(other.placedToDecided));
  }

  private SagaStatistics with(OrderTransition transition) {
    if (transition.from() == null) {
      return new SagaStatistics(
          offset,
          placed + 1,
          pending + 1,
          confirmed,
          rejected,
          cancelled,
          cancelledAfterConfirmation,
          placedToDecided);
    }
    if (transition.decides()) {
      var took = Duration.between(transition.placedAt(), transition.at());
      return new SagaStatistics(
          offset,
          placed,
          pending - 1,
          confirmed + (transition.to() == OrderStatus.CONFIRMED ? 1 : 0),
          rejected + (transition.to() == OrderStatus.REJECTED ? 1 : 0),
          cancelled + (transition.to() == OrderStatus.CANCELLED ? 1 : 0),
          cancelledAfterConfirmation,
          placedToDecided.with(took));
    }
    if (transition.from() == OrderStatus.CONFIRMED && transition.to() == OrderStatus.CANCELLED) {
      return new SagaStatistics(
          offset,
          placed,
          pending,
          confirmed,
          rejected,
          cancelled,
          cancelledAfterConfirmation + 1,
          placedToDecided);
    }
    return this;
  }

  private SagaStatistics at(long offset) {
    return new SagaStatistics(
        offset,
        placed,
        pending,
        confirmed,
        rejected,
        cancelled,
        cancelledAfterConfirmation,
        placedToDecided);
  }
}
