/**
 * Faults an operator switches on and off while a service runs ({@code PUT
 * /api/admin/faults/{name}}), so that incident drills see real symptoms: an SMTP outage, a slow
 * consumer, a paused relay. Each service registers its own; the platform registers the relay's.
 */
@NullMarked
package dev.orderflow.platform.faults;

import org.jspecify.annotations.NullMarked;
