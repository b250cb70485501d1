/**
 * Shared plumbing, switched on by depending on this module, one auto-configuration per concern:
 * {@link dev.orderflow.platform.PlatformAutoConfiguration} (clock, wire form, tracing, faults),
 * {@code kafka.KafkaPlatformAutoConfiguration}, {@code outbox.OutboxAutoConfiguration}, {@code
 * mongo.MongoPlatformAutoConfiguration} and {@code web.WebPlatformAutoConfiguration}. It knows no
 * domain: what an event is about comes from the contract, what a request is about from the
 * service's routes. Every package is {@code @NullMarked} and checked by NullAway. Defaults every
 * service shares (consumer group, offsets, actuator exposure) live in {@code
 * orderflow-defaults.properties}; a service overrides any of them in its own {@code
 * application.yml}.
 */
@NullMarked
package dev.orderflow.platform;

import org.jspecify.annotations.NullMarked;
