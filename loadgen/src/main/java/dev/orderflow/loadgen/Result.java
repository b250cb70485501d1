package dev.orderflow.loadgen;

/**
 * What one measured run found. Latencies are milliseconds from an order's {@code 202 Accepted} to
 * its {@code CONFIRMED} arriving on the projection's live stream.
 *
 * @param seconds how long orders were placed
 * @param undecided accepted orders neither confirmed nor rejected within 30 s after the run
 * @param ordersPerSecond orders accepted per second
 * @param confirmedPerSecond orders confirmed (and seen on the read side) per second
 * @param postP99Ms the 99th percentile of the POST itself, retries included
 * @param resent POSTs sent again, with the same {@code Idempotency-Key}, after a failure
 */
public record Result(
    double seconds,
    long placed,
    long confirmed,
    long rejected,
    long cancelled,
    long failed,
    long undecided,
    double ordersPerSecond,
    double confirmedPerSecond,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    double postP99Ms,
    long resent) {}
