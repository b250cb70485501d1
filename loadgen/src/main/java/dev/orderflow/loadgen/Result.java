package dev.orderflow.loadgen;

/**
 * What one measured run found. Latencies are milliseconds from an order's {@code 202 Accepted} to
 * its {@code CONFIRMED} arriving on the projection's live stream.
 *
 * @param offeredPerSecond the rate the clients were asked for; 0 for a closed loop
 * @param seconds how long orders were placed
 * @param cancelsFailed cancels of confirmed orders the service failed to answer (a 5xx, a 429, no
 *     answer); not part of {@code failed}, which counts orders never accepted
 * @param undecided accepted orders neither confirmed nor rejected by the end of the drain after the
 *     run
 * @param decidedInWindow orders placed in the run whose decision (confirmed or rejected) arrived
 *     before the run's planned end
 * @param ordersPerSecond orders accepted per second
 * @param decidedPerSecond {@code decidedInWindow} per second of the planned duration: what the
 *     system got through, whatever was offered
 * @param confirmedPerSecond orders confirmed (and seen on the read side) per second
 * @param postP99Ms the 99th percentile of the POST itself, retries included
 * @param resent POSTs sent again, with the same {@code Idempotency-Key}, after a failure
 * @param keptUp whether the system kept up with the load ({@link LoadRun#KEPT_UP})
 */
public record Result(
    double offeredPerSecond,
    double seconds,
    long placed,
    long confirmed,
    long rejected,
    long cancelled,
    long cancelsFailed,
    long failed,
    long undecided,
    long decidedInWindow,
    double ordersPerSecond,
    double decidedPerSecond,
    double confirmedPerSecond,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    double postP99Ms,
    long resent,
    boolean keptUp) {}
