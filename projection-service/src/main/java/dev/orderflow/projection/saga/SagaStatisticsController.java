package dev.orderflow.projection.saga;

import dev.orderflow.projection.LiveReadModel;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/saga/statistics}: how many orders are pending now, how the others were decided,
 * and how long their sagas took from placed to decided (mean, percentiles estimated from a
 * histogram, exact maximum), in milliseconds of event time.
 */
@RestController
class SagaStatisticsController {

  private final LiveReadModel<SagaStatisticsProjection> statistics;

  SagaStatisticsController(LiveReadModel<SagaStatisticsProjection> statistics) {
    this.statistics = statistics;
  }

  @GetMapping("/api/saga/statistics")
  SagaStatisticsResponse statistics() {
    return SagaStatisticsResponse.of(statistics.current().total());
  }

  record SagaStatisticsResponse(
      long placed,
      long pending,
      long confirmed,
      long rejected,
      long cancelled,
      long cancelledAfterConfirmation,
      Durations placedToDecided) {

    static SagaStatisticsResponse of(SagaStatistics statistics) {
      var durations = statistics.placedToDecided();
      return new SagaStatisticsResponse(
          statistics.placed(),
          statistics.pending(),
          statistics.confirmed(),
          statistics.rejected(),
          statistics.cancelled(),
          statistics.cancelledAfterConfirmation(),
          new Durations(
              durations.count(),
              tenths(durations.meanMillis()),
              tenths(durations.percentileMillis(0.50)),
              tenths(durations.percentileMillis(0.90)),
              tenths(durations.percentileMillis(0.95)),
              tenths(durations.percentileMillis(0.99)),
              durations.maxMillis()));
    }

    /** A tenth of a millisecond is finer than the histogram's buckets anyway. */
    private static double tenths(double millis) {
      return Math.round(millis * 10) / 10.0;
    }
  }

  record Durations(
      long count,
      double meanMs,
      double p50Ms,
      double p90Ms,
      double p95Ms,
      double p99Ms,
      long maxMs) {}
}
