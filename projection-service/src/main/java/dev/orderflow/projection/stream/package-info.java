/**
 * The live change feed, {@code GET /api/stream}: every change the live generation applies, on any
 * instance, is announced to the single-partition changes topic ({@link ChangeAnnouncer}); every
 * instance reads that topic whole ({@link ChangesReader}) and sends each change to every subscriber
 * whose filter (customer, order) accepts it, as a Server-Sent Event whose id is the change's offset
 * there. Recent changes are remembered, so a client reconnecting with {@code Last-Event-ID}, to any
 * instance, misses nothing, or is told to reload ({@code reset}) when it would. Changes arrive on
 * the reader's thread, which must never wait for a client: each subscriber has a bounded backlog
 * and its own virtual thread that writes to the connection, and a subscriber whose backlog
 * overflows is dropped (it reconnects and resumes). A rebuild's replay is not news and is never
 * streamed.
 */
@NullMarked
package dev.orderflow.projection.stream;

import org.jspecify.annotations.NullMarked;
