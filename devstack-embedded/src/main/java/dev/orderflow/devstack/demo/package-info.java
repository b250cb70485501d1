/**
 * {@code ./devstack --demo}: stock seeded, then a gentle stream of plausible orders (~1.5/s), some
 * cancelled, some too large to be reserved, so every branch of the saga shows in the logs, the read
 * models and the dashboards. It talks to the services over their public HTTP API only, like any
 * client, and never stops on an error: a service being restarted is part of the show.
 */
@NullMarked
package dev.orderflow.devstack.demo;

import org.jspecify.annotations.NullMarked;
