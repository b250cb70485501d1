/**
 * Customer order history: every order of a customer, newest first, in pages. Kept in its own
 * collections, as hour buckets ({@code <customerId>|<hour>}) plus a per-customer index of hours and
 * counts, so a page is read by primary key alone (see the README for why not a sorted query). Fed
 * from the order views after each change; each entry remembers the order version it shows, so a
 * repeated or older version is skipped and counted.
 */
package dev.orderflow.projection.customer;
