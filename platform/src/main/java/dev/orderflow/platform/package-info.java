/**
 * Shared plumbing, switched on by depending on this module: see {@link
 * dev.orderflow.platform.PlatformAutoConfiguration}. Defaults every service shares (consumer group,
 * offsets, actuator exposure) live in {@code orderflow-defaults.properties}; a service overrides
 * any of them in its own {@code application.yml}.
 */
package dev.orderflow.platform;
