/**
 * Sales as pure functions: what the order transitions of one record sold per sku and hour, and a
 * bucket that adds each record's sales once, keyed by the record's position.
 */
@NullMarked
package dev.orderflow.projection.sales.domain;

import org.jspecify.annotations.NullMarked;
