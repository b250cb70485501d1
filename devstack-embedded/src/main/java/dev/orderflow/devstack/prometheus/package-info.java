/**
 * Prometheus next to the embedded stack: the {@code prometheus} binary of the machine (Debian
 * package {@code prometheus}), run with the project's configuration and alerting rules.
 */
@NullMarked
package dev.orderflow.devstack.prometheus;

import org.jspecify.annotations.NullMarked;
