/**
 * Rebuilding a projection into a new generation while queries keep reading the old one: a replay of
 * its topics from the beginning, progress in the control document, the metric {@code
 * projection_rebuild_progress} and a progress bar in the log, then a switch in one conditional
 * write while the live listener of every instance is paused (each instance's {@code SwitchWatch}
 * pauses, acknowledges and resumes it), and the old generation dropped. The admin API ({@code
 * /api/admin/projections}) starts rebuilds and shows where each projection stands. How and why: ADR
 * 8.
 */
@NullMarked
package dev.orderflow.projection.rebuild;

import org.jspecify.annotations.NullMarked;
