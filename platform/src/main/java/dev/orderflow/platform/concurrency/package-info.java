/**
 * Optimistic concurrency without a database of its own: {@link
 * dev.orderflow.platform.concurrency.CompareAndSet}, the one read-decide-write-again loop of every
 * service, and {@link dev.orderflow.platform.concurrency.ContentionException} when a document keeps
 * changing; {@link dev.orderflow.platform.concurrency.WriteBehind}, writes of tidying-up that wait
 * and go to the store together. The writes themselves are the caller's (MongoDB here), so an
 * application layer may use it without knowing its store.
 */
@NullMarked
package dev.orderflow.platform.concurrency;

import org.jspecify.annotations.NullMarked;
