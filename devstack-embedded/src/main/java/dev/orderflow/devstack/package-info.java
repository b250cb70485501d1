/**
 * The system on one machine without Docker. {@link dev.orderflow.devstack.Devstack} runs every part
 * &mdash; Kafka, MongoDB and SMTP from this module's embedded servers, then the four services' own
 * runnable jars &mdash; as a separate, supervised JVM with an explicit heap, described by {@link
 * dev.orderflow.devstack.DevstackOptions}; the {@code ./devstack} command is a thin layer over it.
 * Separate processes are the point: a part can be killed and restarted, and its memory measured,
 * like in a real deployment. {@link dev.orderflow.devstack.EmbeddedStack} is the other use of the
 * same servers: in-process, for other modules' integration tests.
 */
@NullMarked
package dev.orderflow.devstack;

import org.jspecify.annotations.NullMarked;
