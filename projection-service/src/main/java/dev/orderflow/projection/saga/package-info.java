/**
 * Saga statistics: orders pending now, how the others were decided, and the time from placed to
 * decided (mean, percentiles, maximum). One document per partition of {@code orders.events}, fed
 * from the order views' transitions and counted exactly once per record by keeping the offset of
 * the last record counted; the statistics shown are the sum over the partitions.
 */
package dev.orderflow.projection.saga;
