/**
 * Errors as RFC 9457 problem details: 4xx for every client mistake, with enough detail to fix it.
 */
@NullMarked
package dev.orderflow.platform.web;

import org.jspecify.annotations.NullMarked;
