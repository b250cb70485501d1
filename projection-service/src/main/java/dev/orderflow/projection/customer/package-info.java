/**
 * Customer order history: every order of a customer, newest first, in pages. One entry per order in
 * its own collection, paged by the index {@code {customerId, placedAt, _id}}. Fed from the order
 * views after each change; each entry remembers the order version it shows, so a repeated or older
 * version is skipped and counted.
 */
@NullMarked
package dev.orderflow.projection.customer;

import org.jspecify.annotations.NullMarked;
