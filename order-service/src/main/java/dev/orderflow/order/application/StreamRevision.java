package dev.orderflow.order.application;

/**
 * Where a stream stood when it was loaded. Opaque here: the store that made it reads it back to
 * append after it and to detect a concurrent append.
 */
public interface StreamRevision {}
