/**
 * The contract between the services, and the only code they share. Each aggregate has one sealed
 * interface of past-tense records ({@link dev.orderflow.events.OrderEvent}, {@link
 * dev.orderflow.events.ReservationEvent} and {@link dev.orderflow.events.StockEvent} under {@link
 * dev.orderflow.events.InventoryEvent}, {@link dev.orderflow.events.NotificationEvent}) so that a
 * {@code switch} over events is checked for exhaustiveness by the compiler. Wire names are pinned
 * by {@code @JsonTypeName} and by the approved JSON snapshots under {@code
 * src/test/resources/approved}: a change may only add optional fields; a breaking change is a new
 * type.
 */
@NullMarked
package dev.orderflow.events;

import org.jspecify.annotations.NullMarked;
