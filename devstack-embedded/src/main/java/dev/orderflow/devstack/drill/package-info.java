/**
 * Incident drills ({@code ./devstack drill}): each drill is a page of {@code docs/drills/} with one
 * fenced {@code drill} block of YAML ({@link dev.orderflow.devstack.drill.DrillPages}) saying what
 * traffic to drive, which faults to switch on and which parts to hold stopped, and what Prometheus
 * must show ({@link dev.orderflow.devstack.drill.Expectation}), so that {@code drill check} gives
 * the drill a verdict. What a started drill did is kept in {@code .devstack/drill/active.json}
 * ({@link dev.orderflow.devstack.drill.ActiveDrills}) for {@code drill stop} to undo.
 */
@NullMarked
package dev.orderflow.devstack.drill;

import org.jspecify.annotations.NullMarked;
