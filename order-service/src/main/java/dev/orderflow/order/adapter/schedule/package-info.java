/**
 * What order-service does on a schedule rather than on a request or a record: the saga deadline's
 * sweep, run by one instance at a time under a lease.
 */
@NullMarked
package dev.orderflow.order.adapter.schedule;

import org.jspecify.annotations.NullMarked;
