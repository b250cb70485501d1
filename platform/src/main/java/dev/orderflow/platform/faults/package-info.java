/**
 * Faults an operator switches on and off while a service runs ({@code PUT
 * /api/admin/faults/{name}}), so that incident drills see real symptoms: an SMTP outage, a slow
 * consumer, a paused relay. Each service registers its own; the platform registers the relay's. A
 * switch is the service's, not one instance's: {@link
 * dev.orderflow.platform.faults.ServiceWideFaults} keeps it in MongoDB and every instance applies
 * it (ADR 13).
 */
@NullMarked
package dev.orderflow.platform.faults;

import org.jspecify.annotations.NullMarked;
