/**
 * Meters that tell the truth about what they cannot see: {@link
 * dev.orderflow.platform.metrics.StoredCount}, a count read from the database on a schedule, is NaN
 * (not its last value, not 0) when it cannot be read, and says how old its reading is.
 */
@NullMarked
package dev.orderflow.platform.metrics;

import org.jspecify.annotations.NullMarked;
