/**
 * The live change feed, {@code GET /api/stream}: every change a projection applies goes to every
 * subscriber as a Server-Sent Event ({@code order} or {@code stock}). Changes arrive on the Kafka
 * listener threads, which must never wait for a client: each subscriber has a bounded backlog and
 * its own virtual thread that writes to the connection, and a subscriber whose backlog overflows is
 * dropped (it reconnects and reads the views again).
 */
package dev.orderflow.projection.stream;
