/**
 * MongoDB without transactions: durable writes and reads, inserts that tell whether the document
 * was there already, what this process last wrote, and a health check that works on every MongoDB.
 */
@NullMarked
package dev.orderflow.platform.mongo;

import org.jspecify.annotations.NullMarked;
