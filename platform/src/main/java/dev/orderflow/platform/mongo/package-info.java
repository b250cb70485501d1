/**
 * MongoDB without transactions: {@link dev.orderflow.platform.mongo.CompareAndSet}, the one
 * optimistic-concurrency loop, and the helpers it is used with.
 */
@NullMarked
package dev.orderflow.platform.mongo;

import org.jspecify.annotations.NullMarked;
